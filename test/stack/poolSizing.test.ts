import { describe, expect, it } from "vitest";
import { parseFleet, planFleet, poolCapacityProblems, poolSizing, type FleetConfigInput } from "../../src/stack/index.js";

/** One A10 pool (one GPU per node) carrying qwen7b; each test varies the replicas and the pool's autoscaling. */
function fleet(deployment: Record<string, unknown>, pool: Record<string, unknown> = {}) {
  const input: FleetConfigInput = {
    environment: "dev",
    cluster: { mode: "new", zones: ["cn-hangzhou-h", "cn-hangzhou-i"] },
    nodePools: [{ name: "a10", gpu: "ecs.gn7i-c8g1.2xlarge", ...pool }],
    storage: { kind: "oss", bucket: "llmfleet-test-models" },
    deployments: [{ name: "qwen7b", model: "qwen2.5-7b-instruct", pool: "a10", maxModelLen: 8192, ...deployment }],
  };
  const { config, locate } = parseFleet(input, "llmfleet:fleet");
  const plans = planFleet(config, locate).deployments;
  const [nodePool] = config.nodePools;
  if (nodePool === undefined) throw new Error("no pool");
  return { sizing: poolSizing(config, nodePool, plans), problems: poolCapacityProblems(config, plans, locate) };
}

describe("pool sizing follows the deployments", () => {
  it("a pool without autoscaling under fixed replicas is fixed at those replicas' nodes, plus surge", () => {
    expect(fleet({ replicas: 3 }).sizing).toEqual({ kind: "fixed", nodes: 3 });
    expect(fleet({ replicas: 3 }, { surgeNodes: 1 }).sizing).toEqual({ kind: "fixed", nodes: 4 });
  });

  it("a pool without autoscaling under an autoscaled deployment autoscales over its minimum to maximum, never fixed at the maximum", () => {
    expect(fleet({ autoscaling: { minReplicas: 1, maxReplicas: 4 } }).sizing).toEqual({ kind: "autoscale", minNodes: 1, maxNodes: 4, multiNode: false });
  });

  it("a pool with autoscaling keeps the bounds the user wrote", () => {
    expect(fleet({ autoscaling: { minReplicas: 1, maxReplicas: 4 } }, { autoscaling: { minNodes: 0, maxNodes: 6 } }).sizing).toEqual({ kind: "autoscale", minNodes: 0, maxNodes: 6 });
  });
});

describe("pool capacity", () => {
  it("refuses a pool whose maxNodes cannot hold the deployments' maximum replicas, naming the key, the value and the fix", () => {
    const [problem, ...rest] = fleet({ autoscaling: { minReplicas: 1, maxReplicas: 4 } }, { autoscaling: { minNodes: 1, maxNodes: 2 } }).problems;
    expect(rest).toEqual([]);
    expect(problem?.field).toBe("llmfleet:fleet.nodePools[0].autoscaling.maxNodes");
    expect(problem?.value).toBe(2);
    expect(problem?.reason).toBe("the deployments on pool a10 reach 4 nodes at their maximum replicas, so replicas beyond 2 nodes stay Pending");
    expect(problem?.fix).toBe("raise maxNodes to at least 4, or lower the deployments' maxReplicas");
  });

  it("counts surge nodes in what the pool must reach", () => {
    const [problem] = fleet({ replicas: 2 }, { autoscaling: { minNodes: 1, maxNodes: 2 }, surgeNodes: 1 }).problems;
    expect(problem?.reason).toMatch(/reach 3 nodes/);
  });

  it("accepts a pool that reaches exactly the maximum, and a pool without autoscaling", () => {
    expect(fleet({ autoscaling: { minReplicas: 1, maxReplicas: 4 } }, { autoscaling: { minNodes: 1, maxNodes: 4 } }).problems).toEqual([]);
    expect(fleet({ autoscaling: { minReplicas: 1, maxReplicas: 4 } }).problems).toEqual([]);
  });
});
