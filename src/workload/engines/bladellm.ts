import type { InferenceDeploymentSpec } from "../spec.js";
import { activationDtypeFlag, draftModelPath, ENGINE_PROFILES, modelPath } from "./profile.js";
import type { ContainerCommand } from "./vllm.js";

/**
 * `blade_llm_server` flags (PAI "service deployment parameter configuration"): BladeLLM spells its
 * options with underscores and names the chunked-prefill budget `ragged_flash_max_batch_tokens`.
 * It has no served-model-name, max-length or shutdown flags: the model path is the name, the length
 * comes from the checkpoint, and draining is left to preStop and the grace period.
 */
export function bladeLlmEngineArgs(spec: InferenceDeploymentSpec): string[] {
  const { plan, engineOptions: options } = spec;
  const args = [
    "--model", modelPath(spec),
    "--host", "0.0.0.0",
    "--port", String(ENGINE_PROFILES.bladellm.port),
    "--tensor_parallel_size", String(plan.tensorParallel),
    "--pipeline_parallel_size", String(plan.pipelineParallel),
    "--max_gpu_memory_utilization", String(plan.gpuMemoryUtilization),
    "--ragged_flash_max_batch_tokens", String(plan.maxBatchedTokens),
  ];
  const dtype = activationDtypeFlag(plan.model.dtype);
  if (dtype !== null) args.push("--dtype", dtype);
  if (plan.kvCacheDtype === "fp8") args.push("--kv_cache_quant", "fp8_e4m3");
  if (!options.prefixCaching) args.push("--disable_prompt_cache");
  if (options.speculative !== undefined) {
    args.push(
      "--decode_algo", "sps",
      "--gamma", String(options.speculative.numSpeculativeTokens),
      "--draft.model", draftModelPath(spec, options.speculative.draftModel),
    );
  }
  return args;
}

export function bladeLlmCommand(spec: InferenceDeploymentSpec): ContainerCommand {
  return { command: ["blade_llm_server"], args: [...bladeLlmEngineArgs(spec), ...spec.engineOptions.extraArgs] };
}
