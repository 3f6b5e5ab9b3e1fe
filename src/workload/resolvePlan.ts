import type { PoolPlacement } from "../cluster/types.js";
import { LlmfleetError, LlmfleetErrors } from "../errors/index.js";
import { resolveGpu } from "../gpu/index.js";
import { resolveModel } from "../model/index.js";
import type { KvCacheDtype, WeightDtype } from "../model/types.js";
import { planDeployment } from "../planner/index.js";
import type { Engine, Plan } from "../planner/types.js";

/** What the planner needs from an InferenceDeployment's arguments. */
export interface PlanInputs {
  /** Catalogue name, Hugging Face id or path to a config.json. */
  readonly model: string;
  readonly engine: Engine;
  readonly placement: Pick<PoolPlacement, "instanceType">;
  /** Explicit degrees are validated by the planner; omitted ones are proposed. */
  readonly tensorParallel?: number | undefined;
  readonly pipelineParallel?: number | undefined;
  readonly engineOptions?: {
    readonly maxModelLen?: number | undefined;
    readonly gpuMemoryUtilization?: number | undefined;
    readonly maxBatchedTokens?: number | undefined;
    readonly dtype?: WeightDtype | "auto" | undefined;
    readonly kvCacheDtype?: KvCacheDtype | undefined;
  };
}

/** Planner field → the argument it came from, so errors name what the user wrote. */
const ARGUMENT_PATHS: Readonly<Record<string, string>> = {
  gpu: "placement.instanceType",
  maxModelLen: "engineOptions.maxModelLen",
  gpuMemoryUtilization: "engineOptions.gpuMemoryUtilization",
  maxBatchedTokens: "engineOptions.maxBatchedTokens",
  dtype: "engineOptions.dtype",
  kvCacheDtype: "engineOptions.kvCacheDtype",
};

function asArgumentError(error: LlmfleetError): LlmfleetError {
  const path = ARGUMENT_PATHS[error.field];
  return path === undefined ? error : new LlmfleetError(path, error.value, error.reason, error.fix);
}

/**
 * Sizes the deployment with the planner on the pool's instance type: validates explicit parallelism
 * (heads divisible by TP, memory, engine/model/GPU compatibility such as BladeLLM's Qwen/Llama-only
 * and no T4/V100), or proposes the cheapest parallelism that fits.
 *
 * @throws LlmfleetError naming the argument (`tensorParallel`, `engineOptions.maxModelLen`, `engine`, …)
 */
export function resolvePlan(inputs: PlanInputs): Plan {
  const options = inputs.engineOptions ?? {};
  try {
    return planDeployment({
      model: resolveModel(inputs.model),
      gpu: resolveGpu(inputs.placement.instanceType, "placement.instanceType"),
      engine: inputs.engine,
      dtype: options.dtype ?? "auto",
      kvCacheDtype: options.kvCacheDtype ?? "auto",
      maxModelLen: options.maxModelLen,
      gpuMemoryUtilization: options.gpuMemoryUtilization,
      maxBatchedTokens: options.maxBatchedTokens,
      tensorParallel: inputs.tensorParallel,
      pipelineParallel: inputs.pipelineParallel,
    });
  } catch (error) {
    if (error instanceof LlmfleetError) throw asArgumentError(error);
    if (error instanceof LlmfleetErrors) throw new LlmfleetErrors(error.errors.map(asArgumentError));
    throw error;
  }
}
