import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { LlmfleetError, LlmfleetErrors } from "../../src/errors/index.js";
import { parseFleet, parseFleetConfig, planFleet, type FleetConfigInput, type FleetPlans } from "../../src/stack/index.js";

function stackConfig(stack: string): FleetConfigInput {
  const document = parse(readFileSync(`stacks/Pulumi.${stack}.yaml`, "utf8")) as { config: Record<string, FleetConfigInput> };
  const fleet = document.config["llmfleet:fleet"];
  if (fleet === undefined) throw new Error(`stacks/Pulumi.${stack}.yaml has no llmfleet:fleet`);
  return fleet;
}

/** Parses and plans a fleet as the stack program does. */
function plansOf(input: unknown): FleetPlans {
  const { config, locate } = parseFleet(input);
  return planFleet(config, locate);
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
    const plan = plansOf(stackConfig("dev")).deployments.get("qwen7b");
    expect(config.nodePools[0]?.spot).toBe(true);
    expect(plan).toMatchObject({ gpus: 1, gpu: { name: "A10" }, tensorParallel: 1 });
    expect(plan?.model.parameters).toBeGreaterThan(7e9);
  });

  it("staging: a 32B-class model with tensor parallelism on L20s and a 90/10 canary", () => {
    const config = parseFleetConfig(stackConfig("staging"));
    const plans = plansOf(stackConfig("staging"));
    expect(plans.deployments.get("qwen32b-v1")).toMatchObject({ tensorParallel: 2, gpu: { name: "L20" } });
    expect(config.routes[0]?.deployments.map((d) => d.weight)).toEqual([90, 10]);
    expect(new Set(config.deployments.map((d) => d.version))).toEqual(new Set(["v1", "v2"]));
  });

  it("prod: a 72B-class model with a backup, and a model served across nodes", () => {
    const config = parseFleetConfig(stackConfig("prod"));
    const plans = plansOf(stackConfig("prod"));
    expect(plans.deployments.get("qwen72b")?.model.parameters).toBeGreaterThan(70e9);
    expect(config.routes[0]?.backup).toBe("qwen72b-backup");
    expect(plans.deployments.get("deepseek-v3")?.nodes).toBeGreaterThan(1);
    expect(config.nodePools.every((pool) => !pool.spot)).toBe(true);
  });

  it("prod: DeepSeek-V3 on two H20 nodes, TP 8 inside each over NVLink, serving more 16k sequences than the three-node L20 plan did", () => {
    const deepseek = plansOf(stackConfig("prod")).deployments.get("deepseek-v3");
    expect(deepseek).toMatchObject({ instanceType: "ecs.gn8v-8x.48xlarge", nodes: 2, gpus: 16, tensorParallel: 8, pipelineParallel: 2, maxConcurrency: 80 });
  });

  it("batch: Horovod over MPI on bloom-7b1", () => {
    const config = parseFleetConfig(stackConfig("batch"));
    expect(config.deployments[0]).toMatchObject({ model: "bloom-7b1", engine: "horovod" });
    expect(plansOf(stackConfig("batch")).deployments.get("bloom-batch")).toMatchObject({ gpus: 1, gpusPerNode: 4 });
  });
});

describe("configuration errors name the key path", () => {
  const dev = stackConfig("dev");

  it("names a misspelt key", () => {
    const [error] = errorsOf(() => parseFleetConfig({ ...dev, nodepools: [] }));
    expect(error?.field).toBe("llmfleet:fleet.nodepools");
  });

  it("names a wrong type deep in a deployment, under the key the user wrote", () => {
    const written = [{ ...dev.deployments[0], parallelism: { tensor: "two" } }];
    expect(errorsOf(() => parseFleetConfig({ ...dev, deployments: written }))[0]?.field).toBe("llmfleet:fleet.deployments[0].parallelism.tensor");
    const current = [{ ...dev.deployments[0], tensorParallel: "two" }];
    const [error] = errorsOf(() => parseFleetConfig({ ...dev, deployments: current }));
    expect(error?.field).toBe("llmfleet:fleet.deployments[0].tensorParallel");
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

  it("re-roots planner errors at the key the user wrote", () => {
    const old = [{ ...dev.deployments[0], parallelism: { tensor: 3 } }] as FleetConfigInput["deployments"];
    const [error] = errorsOf(() => plansOf({ ...dev, deployments: old }));
    expect(error?.field).toBe("llmfleet:fleet.deployments[0].parallelism.tensor");
    expect(error?.reason).toContain("28 attention heads do not divide by 3");
    const current = [{ ...dev.deployments[0], tensorParallel: 3 }] as FleetConfigInput["deployments"];
    expect(errorsOf(() => plansOf({ ...dev, deployments: current }))[0]?.field).toBe("llmfleet:fleet.deployments[0].tensorParallel");
  });

  it("roots a pool's GPU error at the pool", () => {
    const nodePools = [{ ...dev.nodePools[0], gpu: "A1O" }] as FleetConfigInput["nodePools"];
    expect(errorsOf(() => plansOf({ ...dev, nodePools }))[0]?.field).toBe("llmfleet:fleet.nodePools[0].gpu");
  });

  it("reports every deployment's planning problem in one run", () => {
    const deployments = [
      { ...dev.deployments[0], tensorParallel: 3 },
      { ...dev.deployments[0], name: "second", maxModelLen: 10_000_000 },
    ] as FleetConfigInput["deployments"];
    expect(errorsOf(() => plansOf({ ...dev, deployments, routes: [] })).map((e) => e.field)).toEqual([
      "llmfleet:fleet.deployments[0].tensorParallel",
      "llmfleet:fleet.deployments[1].maxModelLen",
    ]);
  });
});

describe("routes are checked with the mesh's own rules, at the stack key", () => {
  const dev = stackConfig("dev");

  it("names routes[0].hosts[0] for a wildcard host, with a fix in words", () => {
    const routes = [{ ...dev.routes?.[0], hosts: ["*.example.com"] }] as FleetConfigInput["routes"];
    const [error] = errorsOf(() => parseFleetConfig({ ...dev, routes }));
    expect(error?.field).toBe("llmfleet:fleet.routes[0].hosts[0]");
    expect(error?.reason).toContain("without wildcards");
    expect(error?.fix).toBe("write the full host clients call, in lower case, e.g. qwen.llm.example.com");
  });

  it("says how to write a namespace that is not a DNS label, without regex wording", () => {
    const [error] = errorsOf(() => parseFleetConfig({ ...dev, namespace: "LLM Serving" }));
    expect(error?.field).toBe("llmfleet:fleet.namespace");
    expect(error?.fix).not.toMatch(/regex/);
    expect(error?.fix).toContain("lower case");
  });
});

describe("old spellings in stack files keep working", () => {
  const dev = stackConfig("dev");

  it("moves parallelism.tensor and batchCommand to their keys, with a warning naming the new key", () => {
    const deployments = [{ ...dev.deployments[0], parallelism: { tensor: 1 }, engine: "horovod", batchCommand: ["python", "run.py"] }] as FleetConfigInput["deployments"];
    const { config, warnings } = parseFleet({ ...dev, deployments, routes: [] });
    expect(config.deployments[0]).toMatchObject({ tensorParallel: 1, batchJob: { command: ["python", "run.py"] } });
    expect(warnings).toEqual([
      "llmfleet:fleet.deployments[0].parallelism.tensor is deprecated: write llmfleet:fleet.deployments[0].tensorParallel instead (the old spelling still works)",
      "llmfleet:fleet.deployments[0].batchCommand is deprecated: write llmfleet:fleet.deployments[0].batchJob.command instead (the old spelling still works)",
    ]);
  });

  it("refuses a value given under both spellings", () => {
    const deployments = [{ ...dev.deployments[0], parallelism: { tensor: 1 }, tensorParallel: 2 }] as FleetConfigInput["deployments"];
    const [error] = errorsOf(() => parseFleetConfig({ ...dev, deployments }));
    expect(error?.field).toBe("llmfleet:fleet.deployments[0].parallelism.tensor");
    expect(error?.fix).toBe("remove parallelism.tensor and keep tensorParallel");
  });
});

describe("defects that came from describing a deployment twice", () => {
  const dev = stackConfig("dev");

  it("an autoscaled pool named by GPU with no deployment must name its instance type instead of borrowing another pool's", () => {
    const nodePools = [...dev.nodePools, { name: "spare", gpu: "L20", autoscaling: { minNodes: 0, maxNodes: 2 } }] as FleetConfigInput["nodePools"];
    const [error] = errorsOf(() => plansOf({ ...dev, nodePools }));
    expect(error?.field).toBe("llmfleet:fleet.nodePools[1].gpu");
    expect(error?.fix).toContain("ecs.gn8is.2xlarge: 1 × L20");
  });

  it("an autoscaled pool that names its instance type needs no deployment", () => {
    const nodePools = [...dev.nodePools, { name: "spare", gpu: "ecs.gn8is.2xlarge", autoscaling: { minNodes: 0, maxNodes: 2 } }] as FleetConfigInput["nodePools"];
    expect(plansOf({ ...dev, nodePools }).poolInstanceTypes.get("spare")).toBe("ecs.gn8is.2xlarge");
  });

  it("dataDiskGiB has the component's bound, so 30 is refused at the stack key", () => {
    const nodePools = [{ ...dev.nodePools[0], dataDiskGiB: 30 }] as FleetConfigInput["nodePools"];
    const [error] = errorsOf(() => parseFleetConfig({ ...dev, nodePools }));
    expect(error?.field).toBe("llmfleet:fleet.nodePools[0].dataDiskGiB");
    expect(error?.reason).toContain("at least 40 GiB");
  });
});

describe("every problem of a stack file at once, in words", () => {
  const dev = stackConfig("dev");

  it("reports three mistakes in one run", () => {
    const deployments: unknown[] = [{ ...dev.deployments[0], replicas: 0, maxModelLen: "long" }];
    const errors = errorsOf(() => parseFleetConfig({ ...dev, region: 7, deployments }));
    expect(errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(["llmfleet:fleet.region", "llmfleet:fleet.deployments[0].replicas", "llmfleet:fleet.deployments[0].maxModelLen"]),
    );
    expect(errors).toHaveLength(3);
  });

  it.each([
    ["nodePool", "nodePools"],
    ["deployment", "deployments"],
  ])("a mistyped top-level key %s is one error that suggests %s", (wrong, right) => {
    const { [right]: value, ...rest } = dev as Record<string, unknown>;
    const errors = errorsOf(() => parseFleetConfig({ ...rest, [wrong]: value }));
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe(`llmfleet:fleet.${wrong}`);
    expect(errors[0]?.reason).toBe(`is not a key here; did you mean ${right}?`);
  });

  it("suggests maxModelLen for max_model_len inside a deployment", () => {
    const deployments: unknown[] = [{ ...dev.deployments[0], max_model_len: 4096 }];
    const [error] = errorsOf(() => parseFleetConfig({ ...dev, deployments }));
    expect(error?.fix).toBe("rename it to maxModelLen");
  });

  it("never uses the validator's own wording", () => {
    const deployments: unknown[] = [{ ...dev.deployments[0], replicas: 2.5, engine: "tgi", autoscaling: { minReplicas: 1, maxReplicas: 2, prometheusAddress: "not a url" } }];
    const messages = errorsOf(() => parseFleetConfig({ ...dev, deployments })).map((e) => e.message);
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const message of messages) expect(message).not.toMatch(/Invalid input|expected (int|number|string)|received|regex|zod/i);
  });
});
