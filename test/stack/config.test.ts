import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { LlmfleetError, LlmfleetErrors } from "../../src/errors/index.js";
import { parseFleetConfig, planFleet, type FleetConfigInput } from "../../src/stack/index.js";

function stackConfig(stack: string): FleetConfigInput {
  const document = parse(readFileSync(`stacks/Pulumi.${stack}.yaml`, "utf8")) as { config: Record<string, FleetConfigInput> };
  const fleet = document.config["llmfleet:fleet"];
  if (fleet === undefined) throw new Error(`stacks/Pulumi.${stack}.yaml has no llmfleet:fleet`);
  return fleet;
}

function errorsOf(run: () => unknown): LlmfleetError[] {
  try {
    run();
  } catch (error) {
    if (error instanceof LlmfleetError) return [error];
    if (error instanceof LlmfleetErrors) return [...error.errors];
    throw error;
  }
  return [];
}

describe("the shipped stacks", () => {
  it("dev: a 7B-class model on one spot A10", () => {
    const config = parseFleetConfig(stackConfig("dev"));
    const plan = planFleet(config, "llmfleet:fleet").deployments.get("qwen7b");
    expect(config.nodePools[0]?.spot).toBe(true);
    expect(plan).toMatchObject({ gpus: 1, gpu: { name: "A10" }, tensorParallel: 1 });
    expect(plan?.model.parameters).toBeGreaterThan(7e9);
  });

  it("staging: a 32B-class model with tensor parallelism on L20s and a 90/10 canary", () => {
    const config = parseFleetConfig(stackConfig("staging"));
    const plans = planFleet(config, "llmfleet:fleet");
    expect(plans.deployments.get("qwen32b-v1")).toMatchObject({ tensorParallel: 2, gpu: { name: "L20" } });
    expect(config.routes[0]?.deployments.map((d) => d.weight)).toEqual([90, 10]);
    expect(new Set(config.deployments.map((d) => d.version))).toEqual(new Set(["v1", "v2"]));
  });

  it("prod: a 72B-class model with a backup, and a model served across nodes", () => {
    const config = parseFleetConfig(stackConfig("prod"));
    const plans = planFleet(config, "llmfleet:fleet");
    expect(plans.deployments.get("qwen72b")?.model.parameters).toBeGreaterThan(70e9);
    expect(config.routes[0]?.backup).toBe("qwen72b-backup");
    expect(plans.deployments.get("deepseek-v3")?.nodes).toBeGreaterThan(1);
    expect(config.nodePools.every((pool) => !pool.spot)).toBe(true);
  });

  it("batch: Horovod over MPI on bloom-7b1", () => {
    const config = parseFleetConfig(stackConfig("batch"));
    expect(config.deployments[0]).toMatchObject({ model: "bloom-7b1", engine: "horovod" });
    expect(planFleet(config, "llmfleet:fleet").deployments.get("bloom-batch")).toMatchObject({ gpus: 1, gpusPerNode: 4 });
  });
});

describe("configuration errors name the key path", () => {
  const dev = stackConfig("dev");

  it("names a misspelt key", () => {
    const [error] = errorsOf(() => parseFleetConfig({ ...dev, nodepools: [] }));
    expect(error?.field).toBe("llmfleet:fleet.nodepools");
  });

  it("names a wrong type deep in a deployment", () => {
    const deployments = [{ ...dev.deployments[0], parallelism: { tensor: "two" } }];
    const [error] = errorsOf(() => parseFleetConfig({ ...dev, deployments }));
    expect(error?.field).toBe("llmfleet:fleet.deployments[0].parallelism.tensor");
    expect(error?.fix).toContain("number");
  });

  it("names a deployment that targets a pool that does not exist", () => {
    const deployments = [{ ...dev.deployments[0], pool: "h20" }] as FleetConfigInput["deployments"];
    const error = errorsOf(() => parseFleetConfig({ ...dev, deployments })).find((e) => e.field === "llmfleet:fleet.deployments[0].pool");
    expect(error?.value).toBe("h20");
    expect(error?.fix).toBe("use one of a10");
  });

  it("refuses a fixed-size pool that no deployment runs on", () => {
    const nodePools = [...dev.nodePools, { name: "idle", gpu: "L20" }];
    const [error] = errorsOf(() => parseFleetConfig({ ...dev, nodePools }));
    expect(error?.field).toBe("llmfleet:fleet.nodePools[1]");
    expect(error?.fix).toContain("autoscaling bounds");
  });

  it("refuses spot pools in prod", () => {
    const errors = errorsOf(() => parseFleetConfig({ ...dev, environment: "prod" }));
    expect(errors.map((e) => e.field)).toContain("llmfleet:fleet.nodePools[0].spot");
  });

  it("reports canary weights that do not add up to 100", () => {
    const routes = [{ ...dev.routes?.[0], deployments: [{ name: "qwen7b", weight: 80 }] }] as FleetConfigInput["routes"];
    const [error] = errorsOf(() => parseFleetConfig({ ...dev, routes }));
    expect(error?.field).toBe("llmfleet:fleet.routes[0].deployments");
    expect(error?.reason).toBe("weights sum to 80, not 100");
  });

  it("re-roots planner errors at the deployment's keys", () => {
    const deployments = [{ ...dev.deployments[0], parallelism: { tensor: 3 } }] as FleetConfigInput["deployments"];
    const config = parseFleetConfig({ ...dev, deployments });
    const [error] = errorsOf(() => planFleet(config, "llmfleet:fleet"));
    expect(error?.field).toBe("llmfleet:fleet.deployments[0].parallelism.tensor");
    expect(error?.reason).toContain("28 attention heads do not divide by 3");
  });

  it("requires a batch command for Horovod and refuses one elsewhere", () => {
    const deployments = [{ ...dev.deployments[0], engine: "horovod" }] as FleetConfigInput["deployments"];
    const [error] = errorsOf(() => parseFleetConfig({ ...dev, deployments, routes: [] }));
    expect(error?.field).toBe("llmfleet:fleet.deployments[0].batchCommand");
  });
});
