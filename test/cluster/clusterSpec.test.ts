import { describe, expect, it } from "vitest";
import { planAckCluster } from "../../src/cluster/clusterSpec.js";
import { LlmfleetError, LlmfleetErrors } from "../../src/errors/index.js";

const minimal = { clusterName: "llm", zoneIds: ["cn-hangzhou-h", "cn-hangzhou-i"] };

function errorOf(input: unknown): LlmfleetError {
  try {
    planAckCluster(input);
  } catch (error) {
    if (error instanceof LlmfleetError) return error;
    if (error instanceof LlmfleetErrors && error.errors[0]) return error.errors[0];
    throw error;
  }
  throw new Error("expected planAckCluster to throw");
}

describe("AckCluster argument validation", () => {
  it("plans a new VPC with a node and a pod vSwitch per zone, and production hardening by default", () => {
    const plan = planAckCluster(minimal);
    if (plan.mode !== "newCluster" || plan.network.kind !== "newVpc") throw new Error("expected a new cluster in a new VPC");
    expect(plan.network.zones).toEqual([
      { zoneId: "cn-hangzhou-h", nodeCidr: "192.168.64.0/22", podCidr: "192.168.0.0/19" },
      { zoneId: "cn-hangzhou-i", nodeCidr: "192.168.68.0/22", podCidr: "192.168.32.0/19" },
    ]);
    expect(plan.clusterSpec).toBe("ack.pro.small");
    expect(plan.deletionProtection).toBe(true);
    expect(plan.addons.map((addon) => addon.name)).toEqual(["terway-eniip", "csi-plugin", "csi-provisioner", "ack-node-problem-detector"]);
  });

  it("turns deletion protection off outside production and adds ARMS Prometheus on request", () => {
    const plan = planAckCluster({ ...minimal, production: false, armsPrometheus: true });
    if (plan.mode !== "newCluster") throw new Error("expected a new cluster");
    expect(plan.deletionProtection).toBe(false);
    expect(plan.addons.map((addon) => addon.name)).toContain("arms-prometheus");
  });

  it("refuses a single zone", () => {
    const error = errorOf({ ...minimal, zoneIds: ["cn-hangzhou-h", "cn-hangzhou-h"] });
    expect(error.field).toBe("zoneIds");
    expect(error.fix).toMatch(/at least 2 zones/);
  });

  it("refuses a service CIDR inside the VPC", () => {
    const error = errorOf({ ...minimal, vpcCidr: "172.16.0.0/12", serviceCidr: "172.21.0.0/20" });
    expect(error).toMatchObject({ field: "serviceCidr", value: "172.21.0.0/20" });
    expect(error.reason).toMatch(/overlaps the VPC CIDR 172.16.0.0\/12/);
  });

  it("refuses pod and node vSwitches that overlap", () => {
    const error = errorOf({
      ...minimal,
      vswitchCidrs: [
        { nodeCidr: "192.168.0.0/22", podCidr: "192.168.64.0/18" },
        { nodeCidr: "192.168.4.0/22", podCidr: "192.168.0.0/18" },
      ],
    });
    expect(error.field).toBe("vswitchCidrs[1].podCidr");
    expect(error.reason).toMatch(/overlaps vswitchCidrs\[0\]\.nodeCidr/);
  });

  it("refuses a VPC too small for the vSwitches", () => {
    expect(errorOf({ ...minimal, vpcCidr: "192.168.0.0/20" }).field).toBe("vpcCidr");
  });

  it("names misspelt arguments", () => {
    const error = errorOf({ ...minimal, zoneId: ["cn-hangzhou-h"] });
    expect(error.field).toBe("zoneId");
    expect(error.fix).toMatch(/remove "zoneId"/);
  });

  it("accepts an existing VPC and checks its service CIDR", () => {
    const existingVpc = {
      vpcId: "vpc-1",
      cidrBlock: "10.0.0.0/8",
      zones: [
        { zoneId: "cn-beijing-a", nodeVswitchId: "vsw-1", podVswitchId: "vsw-2" },
        { zoneId: "cn-beijing-b", nodeVswitchId: "vsw-3", podVswitchId: "vsw-4" },
      ],
    };
    expect(planAckCluster({ clusterName: "llm", existingVpc })).toMatchObject({ network: { kind: "existingVpc", zoneIds: ["cn-beijing-a", "cn-beijing-b"] } });
    expect(errorOf({ clusterName: "llm", existingVpc, serviceCidr: "10.96.0.0/16" }).field).toBe("serviceCidr");
  });

  it("brings its own cluster with node vSwitches in two zones", () => {
    expect(planAckCluster({ clusterName: "llm", existingCluster: { clusterId: "c123", nodeVswitchIds: ["vsw-1", "vsw-2"] } })).toMatchObject({
      mode: "existingCluster",
      kubeconfigTtlMinutes: 360,
    });
    expect(errorOf({ clusterName: "llm", existingCluster: { clusterId: "c123", nodeVswitchIds: ["vsw-1"] } }).field).toBe("existingCluster.nodeVswitchIds");
  });
});
