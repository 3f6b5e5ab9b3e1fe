/** Turns a `--gpu` value (a GPU model or an instance type) into a catalogue entry, or a readable error. */
import { LlmfleetError } from "../errors/index.js";
import { didYouMean } from "../model/nameSuggestions.js";
import { findGpu, findInstanceType, gpuOf, normaliseGpuName } from "./catalogue.js";
import { AMBIGUOUS_GPU_NAMES, GPU_MODELS } from "./gpuModels.js";
import { INSTANCE_TYPES } from "./instanceTypes.js";
import type { GpuChoice } from "./types.js";

const EXAMPLE_INSTANCE_TYPE = "ecs.gn7i-c8g1.2xlarge";
const LOOKS_LIKE_INSTANCE_TYPE = /^(ecs\.)?gn\d/i;

/** `otherwise`, led by the instance types closest to `input` when it looks like one (`ecs.gn…`, `gn…`). */
export function suggestInstanceType(input: string, otherwise: string): string {
  const trimmed = input.trim();
  if (!LOOKS_LIKE_INSTANCE_TYPE.test(trimmed)) return otherwise;
  const wanted = trimmed.toLowerCase().startsWith("ecs.") ? trimmed : `ecs.${trimmed}`;
  return didYouMean(wanted, INSTANCE_TYPES.map((type) => type.name), otherwise);
}

/** `otherwise`, led by the closest catalogue names: instance types for `ecs.gn…`, else GPU models. */
function suggestionFor(input: string, otherwise: string): string {
  if (LOOKS_LIKE_INSTANCE_TYPE.test(input.trim())) return suggestInstanceType(input, otherwise);
  return didYouMean(input, GPU_MODELS.map((model) => model.name), otherwise);
}

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
    suggestionFor(input, `use a GPU model (${GPU_MODELS.map((model) => model.name).join(", ")}) or an instance type such as ${EXAMPLE_INSTANCE_TYPE} ('llmfleet plan --list-gpus' lists them)`),
  );
}
