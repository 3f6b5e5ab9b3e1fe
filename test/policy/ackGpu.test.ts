import { describe, expect, it } from "vitest";
import { DEFAULT_GPU_INSTANCE_TYPES, parsePolicyConfig, UNKNOWN } from "../../src/policy/index.js";
import { gpuInstanceAllowlist, gpuPoolPlacement } from "../../src/policy/rules/index.js";
import { gpuDeployment, nodePool, violationsOf } from "./fixtures.js";

describe("gpu-instance-allowlist", () => {
  it("allows every GPU type of the catalogue by default", () => {
    expect(DEFAULT_GPU_INSTANCE_TYPES).toContain("ecs.gn7i-c32g1.16xlarge");
    expect(violationsOf(gpuInstanceAllowlist, nodePool("a10x2"))).toEqual([]);
  });

  it("fails a GPU type outside the list but ignores CPU types", () => {
    const pool = nodePool("p100", { instanceTypes: ["ecs.gn5-c8g1.2xlarge", "ecs.g7.2xlarge"] });
    const [found, ...rest] = violationsOf(gpuInstanceAllowlist, pool);
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ resource: { name: "p100" } });
    expect(found?.message).toContain("node pool p100 uses GPU instance type ecs.gn5-c8g1.2xlarge, which is not on the allowed list");
    expect(found?.message).toContain("Fix: use an allowed type (see llmfleet plan) or add ecs.gn5-c8g1.2xlarge to allowedGpuInstanceTypes");
  });

  it("takes the list from configuration", () => {
    const config = parsePolicyConfig({ allowedGpuInstanceTypes: ["ecs.gn8is-2x.8xlarge"] });
    expect(violationsOf(gpuInstanceAllowlist, nodePool("a10x2"), config)).toHaveLength(1);
  });
});

describe("gpu-pool-placement", () => {
  const cpuPool = nodePool("system", { instanceTypes: ["ecs.g7.2xlarge"], labels: [{ key: "llmfleet.io/pool", value: "system" }], taints: [] });

  it("passes a GPU pod that selects and tolerates a tainted GPU pool", () => {
    expect(violationsOf(gpuPoolPlacement, [nodePool("a10x2"), cpuPool, gpuDeployment()])).toEqual([]);
  });

  it("fails a GPU pool without the GPU taint", () => {
    const [found] = violationsOf(gpuPoolPlacement, [nodePool("a10x2", { taints: [] })]);
    expect(found?.message).toContain("GPU node pool a10x2 has no nvidia.com/gpu:NoSchedule taint");
    expect(found?.message).toContain('Fix: add taints [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]');
  });

  it("fails a GPU pod whose nodeSelector also matches a CPU pool", () => {
    const [found] = violationsOf(gpuPoolPlacement, [nodePool("a10x2"), cpuPool, gpuDeployment({ pod: { nodeSelector: {} } })]);
    expect(found?.message).toContain("Deployment llm-serving/qwen asks for GPUs but its nodeSelector also matches pool system, not a tainted GPU pool");
  });

  it("fails a GPU pod that selects no pool or does not tolerate the taint", () => {
    const nowhere = violationsOf(gpuPoolPlacement, [nodePool("a10x2"), gpuDeployment({ pod: { nodeSelector: { "llmfleet.io/pool": "h20x8" } } })]);
    expect(nowhere[0]?.message).toContain('nodeSelector {"llmfleet.io/pool":"h20x8"} matches no node pool of the stack');
    const untolerated = violationsOf(gpuPoolPlacement, [nodePool("a10x2"), gpuDeployment({ pod: { tolerations: [] } })]);
    expect(untolerated[0]?.message).toContain("Deployment llm-serving/qwen selects pool a10x2 but does not tolerate nvidia.com/gpu=present:NoSchedule");
  });

  it("cannot judge placement while pool labels are unknown", () => {
    expect(violationsOf(gpuPoolPlacement, [nodePool("a10x2", { labels: UNKNOWN }), gpuDeployment({ pod: { nodeSelector: { "llmfleet.io/pool": "h20x8" } } })])).toEqual([]);
  });
});
