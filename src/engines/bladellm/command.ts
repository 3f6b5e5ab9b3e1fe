import { activationDtypeFlag, draftModelPath, modelPath } from "../../workload/modelPaths.js";
import type { InferenceDeploymentSpec } from "../../workload/spec.js";
import type { ContainerCommand } from "../types.js";

/** `blade_llm_server`'s default port (PAI "service deployment parameter configuration"). */
export const BLADELLM_PORT = 8081;

/**
 * `blade_llm_server` flags (PAI "service deployment parameter configuration"): BladeLLM spells its
 * options with underscores and names the chunked-prefill budget `ragged_flash_max_batch_tokens`.
 * It has no served-model-name, max-length or shutdown flags: the model path is the name, the length
 * comes from the checkpoint, and draining is left to preStop and the grace period.
 */
export function bladeLlmEngineArgs(spec: InferenceDeploymentSpec): string[] {
  const { plan } = spec;
  const args = [
    "--model", modelPath(spec),
    "--host", "0.0.0.0",
    "--port", String(BLADELLM_PORT),
    "--tensor_parallel_size", String(plan.tensorParallel),
    "--pipeline_parallel_size", String(plan.pipelineParallel),
    "--max_gpu_memory_utilization", String(plan.gpuMemoryUtilization),
    "--ragged_flash_max_batch_tokens", String(plan.maxBatchedTokens),
  ];
  const dtype = activationDtypeFlag(plan.model.dtype);
  if (dtype !== null) args.push("--dtype", dtype);
  if (plan.kvCacheDtype === "fp8") args.push("--kv_cache_quant", "fp8_e4m3");
  if (!spec.prefixCaching) args.push("--disable_prompt_cache");
  if (spec.speculative !== undefined) {
    args.push(
      "--decode_algo", "sps",
      "--gamma", String(spec.speculative.numSpeculativeTokens),
      "--draft.model", draftModelPath(spec, spec.speculative.draftModel),
    );
  }
  return args;
}

export const BLADELLM_OWNED_FLAGS = [
  "--model", "--host", "--port", "--tensor_parallel_size", "--pipeline_parallel_size", "--max_gpu_memory_utilization",
  "--ragged_flash_max_batch_tokens", "--dtype", "--kv_cache_quant", "--disable_prompt_cache", "--decode_algo", "--gamma", "--draft.model",
] as const;

export function bladeLlmCommand(spec: InferenceDeploymentSpec): ContainerCommand {
  return { command: ["blade_llm_server"], args: [...bladeLlmEngineArgs(spec), ...spec.extraArgs] };
}
