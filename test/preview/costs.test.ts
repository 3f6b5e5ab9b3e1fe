import { describe, expect, it } from "vitest";
import { findGpu, resolveGpu } from "../../src/gpu/index.js";
import { resolveModel } from "../../src/model/index.js";
import { decodeThroughput, planDeployment, type Plan } from "../../src/planner/index.js";
import { fleetCosts, formatCosts } from "../../src/preview/costs.js";

function plan(model: string, gpu: string, maxModelLen: number): Plan {
  return planDeployment({ model: resolveModel(model), gpu: resolveGpu(gpu), engine: "vllm", dtype: "auto", kvCacheDtype: "auto", maxModelLen });
}

const qwenOnA10 = plan("qwen2.5-7b-instruct", "A10", 8192);
const A10 = findGpu("A10");

describe("the decode throughput estimate", () => {
  it("is the memory-bandwidth bound: sequences in flight over the time one GPU reads its weights and their KV cache", () => {
    if (A10 === undefined) throw new Error("A10 missing from the catalogue");
    const estimate = decodeThroughput(qwenOnA10, A10);
    expect(estimate.sequences).toBe(Math.floor(qwenOnA10.kvCacheTokens / 1024));
    const kvBytesPerToken = (qwenOnA10.perGpu.kvCacheGiB * 2 ** 30) / qwenOnA10.kvCacheTokens;
    const stepSeconds = (qwenOnA10.perGpu.weightsGiB * 2 ** 30 + estimate.sequences * 1024 * kvBytesPerToken) / (600 * 1e9);
    expect(estimate.tokensPerSecond).toBeCloseTo(estimate.sequences / stepSeconds, 6);
    expect(Math.round(estimate.tokensPerSecond)).toBe(2220);
  });
});

describe("the cost of a previewed fleet", () => {
  const plans = new Map([["qwen7b", qwenOnA10]]);
  const prices = new Map([["ecs.gn7i-c8g1.2xlarge", 11.1]]);

  it("prices one replica's instances per hour and a million tokens at the stated throughput", () => {
    const [cost] = fleetCosts(plans, new Map([["qwen7b", { min: 2, max: 4 }]]), prices, 1000);
    expect(cost).toMatchObject({ hourlyPerReplica: 11.1, minReplicas: 2, maxReplicas: 4, tokensPerSecondPerReplica: 1000, throughputSource: "given" });
    // 11.1 per hour ÷ 3.6 million tokens per hour
    expect(cost?.perMillionTokens).toBeCloseTo(3.0833, 4);
    expect(formatCosts(fleetCosts(plans, new Map([["qwen7b", { min: 2, max: 4 }]]), prices, 1000))).toEqual([
      "Cost at your prices (GPU instances only; the cluster, NAT, load balancers and storage are extra)",
      "  qwen7b: 1 × ecs.gn7i-c8g1.2xlarge per replica = 11.10 per hour; 2–4 replicas = 22.20–44.40 per hour",
      "    1,000 tokens/s per replica (--tokens-per-second as given) → 3.08 per million tokens",
      "  fleet: 22.20–44.40 per hour, in the price table's currency",
    ]);
  });

  it("states the estimate it uses when no throughput is given, and says when an instance type has no price", () => {
    const [estimated] = fleetCosts(plans, new Map(), prices, undefined);
    expect(estimated?.throughputSource).toBe("estimate");
    expect(estimated?.assumption).toContain("memory-bandwidth bound of decoding with 72 sequences of 1,024 tokens in flight, an upper bound");
    expect(formatCosts(fleetCosts(plans, new Map(), new Map([["ecs.gn8is.2xlarge", 20]]), undefined))).toContain("  qwen7b: no price for ecs.gn7i-c8g1.2xlarge in the price table");
  });
});
