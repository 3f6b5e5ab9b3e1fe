import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { erdmaAddonConfig, operatorNeeds } from "../../src/operators/index.js";
import { parseFleet, planFleet, type FleetConfigInput } from "../../src/stack/index.js";

function fleetOf(stack: string): FleetConfigInput {
  const document = parse(readFileSync(`stacks/Pulumi.${stack}.yaml`, "utf8")) as { config: Record<string, FleetConfigInput> };
  const fleet = document.config["llmfleet:fleet"];
  if (fleet === undefined) throw new Error(`stacks/Pulumi.${stack}.yaml has no llmfleet:fleet`);
  return fleet;
}

function needsOf(input: FleetConfigInput) {
  const { config, locate } = parseFleet(input);
  return operatorNeeds(config, planFleet(config, locate).deployments);
}

describe("ack-erdma-controller", () => {
  it("is configured as ACK's help says for NCCL on GPU nodes: the ofed driver, every device to the pod", () => {
    expect(JSON.parse(erdmaAddonConfig())).toEqual({ agent: { preferDriver: "ofed", allocateAllDevices: true } });
  });

  it("is needed by the prod stack, whose DeepSeek-V3 group spans two eRDMA nodes", () => {
    expect(needsOf(fleetOf("prod")).erdma).toBe(true);
  });

  it("is not needed when the multi-node group's instance type has no eRDMA", () => {
    const prod = fleetOf("prod") as { nodePools: { name: string; gpu: string }[] } & FleetConfigInput;
    const onA100 = { ...prod, nodePools: prod.nodePools.map((pool) => (pool.name === "h20x8" ? { ...pool, gpu: "ecs.gn7e-c16g1.32xlarge" } : pool)) };
    const needs = needsOf(onA100);
    expect(needs.leaderWorkerSet).toBe(true);
    expect(needs.erdma).toBe(false);
  });

  it("is not needed by stacks whose replicas fit on one node", () => {
    expect(needsOf(fleetOf("dev")).erdma).toBe(false);
  });
});
