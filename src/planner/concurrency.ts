/**
 * A plan that fits may still serve almost nobody at once: Qwen2.5-72B at TP 4 on L20 with a 32k
 * context holds one sequence of that length in its KV cache. Below `minConcurrentSequences`, the
 * plan warns and names the changes that would raise it, each re-planned so the number is real.
 */
import type { Plan, PlanRequest } from "./types.js";

/** Sequences of `maxModelLen` a replica should hold at once before the plan warns. */
export const DEFAULT_MIN_CONCURRENT_SEQUENCES = 4;

interface Alternative {
  /** The change in words, with the deployment key and the CLI flag. */
  readonly change: string;
  readonly request: PlanRequest;
}

function alternatives(request: PlanRequest, plan: Plan): Alternative[] {
  // Same split as the plan: left free, the planner would spend the memory saved on fewer GPUs.
  const sameSplit = { ...request, tensorParallel: plan.tensorParallel, pipelineParallel: plan.pipelineParallel };
  const found: Alternative[] = [];
  if (plan.kvCacheDtype !== "fp8") found.push({ change: "fp8 KV cache (kvCacheDtype: fp8, --kv-cache-dtype fp8)", request: { ...sameSplit, kvCacheDtype: "fp8" } });
  // fp8 weights need compute capability ≥ 8.0 (weight-only below 8.9); the re-plan refuses the rest.
  if (plan.model.dtype !== "fp8" && plan.quantization === null && request.gpu.gpu.computeCapability >= 8.0) {
    found.push({ change: "fp8 weights (dtype: fp8, --dtype fp8)", request: { ...sameSplit, dtype: "fp8" } });
  }
  const moreGpus = plan.tensorParallel * 2 <= plan.gpusPerNode
    ? { change: `tensor parallelism ${plan.tensorParallel * 2} (tensorParallel: ${plan.tensorParallel * 2}, --tp ${plan.tensorParallel * 2})`, request: { ...request, tensorParallel: plan.tensorParallel * 2, pipelineParallel: plan.pipelineParallel } }
    : { change: `one more pipeline stage (pipelineParallel: ${plan.pipelineParallel + 1}, --pp ${plan.pipelineParallel + 1})`, request: { ...request, tensorParallel: plan.tensorParallel, pipelineParallel: plan.pipelineParallel + 1 } };
  found.push(moreGpus);
  return found;
}

/**
 * The warning for a plan under the minimum, or none. `replan` plans an alternative request (the
 * planner itself, passed in so this file needs no cycle) and returns undefined when it does not fit.
 */
export function concurrencyWarnings(request: PlanRequest, plan: Plan, replan: (request: PlanRequest) => Plan | undefined): string[] {
  const minimum = request.minConcurrentSequences ?? DEFAULT_MIN_CONCURRENT_SEQUENCES;
  if (plan.maxConcurrency >= minimum) return [];
  const raises = alternatives(request, plan)
    .map((alternative) => ({ change: alternative.change, plan: replan({ ...alternative.request, minConcurrentSequences: 0 }) }))
    .filter((found): found is { change: string; plan: Plan } => found.plan !== undefined && found.plan.maxConcurrency > plan.maxConcurrency)
    .map((found) => `${found.change} → ${found.plan.maxConcurrency}`);
  const fixes = raises.length > 0 ? `; raise it with ${raises.join(", ")}` : "; a shorter maxModelLen or a GPU with more memory would raise it";
  return [
    `serves ${plan.maxConcurrency} concurrent ${plan.model.maxModelLen}-token sequence${plan.maxConcurrency === 1 ? "" : "s"} per replica, fewer than ${minimum}: requests that long queue behind each other${fixes}`,
  ];
}
