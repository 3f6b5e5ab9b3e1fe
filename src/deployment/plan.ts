import type { GpuChoice } from "../gpu/types.js";
import { resolveModel } from "../model/index.js";
import { planDeployment, type Plan } from "../planner/index.js";
import type { Deployment } from "./types.js";

/** What the planner reads from a deployment. */
export type PlannedFields = Pick<
  Deployment,
  "model" | "engine" | "dtype" | "kvCacheDtype" | "maxModelLen" | "gpuMemoryUtilization" | "maxBatchedTokens" | "tensorParallel" | "pipelineParallel" | "minConcurrentSequences"
>;

/**
 * Sizes a deployment on a GPU (and instance type, when the pool names one). The planner's fields are
 * named as the deployment's, so its errors (`tensorParallel`, `maxModelLen`, `model`, `engine`, and
 * `gpu` for the GPU) re-root onto the user's input by prefix alone.
 */
export function planOnGpu(deployment: PlannedFields, gpu: GpuChoice): Plan {
  return planDeployment({
    model: resolveModel(deployment.model),
    gpu,
    engine: deployment.engine,
    dtype: deployment.dtype,
    kvCacheDtype: deployment.kvCacheDtype,
    maxModelLen: deployment.maxModelLen,
    gpuMemoryUtilization: deployment.gpuMemoryUtilization,
    maxBatchedTokens: deployment.maxBatchedTokens,
    tensorParallel: deployment.tensorParallel,
    pipelineParallel: deployment.pipelineParallel,
    minConcurrentSequences: deployment.minConcurrentSequences,
  });
}
