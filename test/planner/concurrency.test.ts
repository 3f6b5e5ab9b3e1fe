import { describe, expect, it } from "vitest";
import { resolveGpu } from "../../src/gpu/index.js";
import { resolveModel } from "../../src/model/index.js";
import { planDeployment, type PlanRequest } from "../../src/planner/index.js";

function request(model: string, gpu: string, options: Partial<PlanRequest> = {}): PlanRequest {
  return { model: resolveModel(model), gpu: resolveGpu(gpu), engine: "vllm", dtype: "auto", kvCacheDtype: "auto", ...options };
}

function concurrencyWarning(plan: { warnings: readonly string[] }): string | undefined {
  return plan.warnings.find((warning) => warning.includes("concurrent"));
}

describe("a plan that serves too few sequences at once says so, with fixes that raise it", () => {
  const qwen72b = request("qwen2.5-72b-instruct", "L20", { maxModelLen: 32768 });

  it("Qwen2.5-72B TP 4 on L20 at 32k holds one sequence: warns and names fp8 KV, fp8 weights and one more GPU with the numbers they reach", () => {
    const plan = planDeployment(qwen72b);
    expect(plan.maxConcurrency).toBe(1);
    const sameSplit = { ...qwen72b, tensorParallel: 4, pipelineParallel: 1 };
    const fp8Kv = planDeployment({ ...sameSplit, kvCacheDtype: "fp8" }).maxConcurrency;
    const fp8Weights = planDeployment({ ...sameSplit, dtype: "fp8" }).maxConcurrency;
    const twoStages = planDeployment({ ...qwen72b, tensorParallel: 4, pipelineParallel: 2 }).maxConcurrency;
    expect([fp8Kv, fp8Weights, twoStages].every((raised) => raised > 1)).toBe(true);
    expect(concurrencyWarning(plan)).toBe(
      "serves 1 concurrent 32768-token sequence per replica, fewer than 4: requests that long queue behind each other; raise it with " +
        `fp8 KV cache (kvCacheDtype: fp8, --kv-cache-dtype fp8) → ${fp8Kv}, fp8 weights (dtype: fp8, --dtype fp8) → ${fp8Weights}, one more pipeline stage (pipelineParallel: 2, --pp 2) → ${twoStages}`,
    );
  });

  it("takes the minimum from the request, and 0 never warns", () => {
    expect(concurrencyWarning(planDeployment({ ...qwen72b, minConcurrentSequences: 0 }))).toBeUndefined();
    expect(concurrencyWarning(planDeployment({ ...qwen72b, minConcurrentSequences: 1 }))).toBeUndefined();
    expect(concurrencyWarning(planDeployment({ ...qwen72b, minConcurrentSequences: 2 }))).toContain("fewer than 2");
  });

  it("does not warn a plan that holds enough sequences", () => {
    const plan = planDeployment(request("qwen2.5-7b-instruct", "A10", { maxModelLen: 8192 }));
    expect(plan.maxConcurrency).toBeGreaterThanOrEqual(4);
    expect(concurrencyWarning(plan)).toBeUndefined();
  });

  it("offers no fp8 weights on a GPU below compute capability 8.0", () => {
    const plan = planDeployment(request("qwen2.5-7b-instruct", "T4", { maxModelLen: 32768, minConcurrentSequences: 64 }));
    expect(concurrencyWarning(plan)).toBeDefined();
    expect(concurrencyWarning(plan)).not.toContain("fp8 weights");
  });
});
