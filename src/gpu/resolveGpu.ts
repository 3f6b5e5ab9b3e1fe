/** Turns a `--gpu` value (a GPU model or an instance type) into a catalogue entry, or a readable error. */
import { LlmfleetError } from "../errors/index.js";
import { findGpu, findInstanceType, gpuOf, normaliseGpuName } from "./catalogue.js";
import { AMBIGUOUS_GPU_NAMES, GPU_MODELS } from "./gpuModels.js";
import type { GpuChoice } from "./types.js";

const EXAMPLE_INSTANCE_TYPE = "ecs.gn7i-c8g1.2xlarge";

/**
 * Resolves a GPU model name or alias (`A10`, `a100-80gb`, `NVIDIA-L20`) or an ECS instance type
 * (`ecs.gn7i-c8g1.2xlarge`, also without `ecs.`), all case-insensitive.
 *
 * @param input the value given by the user
 * @param field the path named in errors; default `gpu`
 * @returns the GPU model, and the instance type when one was named (else null)
 * @throws LlmfleetError when the value is unknown, or names more than one GPU model (`A100`, `V100`)
 */
export function resolveGpu(input: string, field = "gpu"): GpuChoice {
  const instanceType = findInstanceType(input);
  if (instanceType !== undefined) {
    const gpu = gpuOf(instanceType);
    if (gpu !== undefined) return { gpu, instanceType };
  }

  const gpu = findGpu(input);
  if (gpu !== undefined) return { gpu, instanceType: null };

  const choices = AMBIGUOUS_GPU_NAMES.get(normaliseGpuName(input));
  if (choices !== undefined) {
    throw new LlmfleetError(
      field,
      input,
      `"${input.trim()}" names more than one GPU model (${choices.join(", ")}), which differ in memory`,
      `use one of ${choices.join(", ")}`,
    );
  }

  throw new LlmfleetError(
    field,
    input,
    "not a GPU model or Alibaba Cloud GPU instance type that llmfleet knows",
    `use a GPU model (${GPU_MODELS.map((model) => model.name).join(", ")}) or an instance type such as ${EXAMPLE_INSTANCE_TYPE}`,
  );
}
