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
      { zoneId: "cn-hangzhou-h", nodeCidr: "192.168.252.0/22", podCidr: "192.168.0.0/19" },
      { zoneId: "cn-hangzhou-i", nodeCidr: "192.168.248.0/22", podCidr: "192.168.32.0/19" },
    ]);
    expect(plan.clusterSpec).toBe("ack.pro.small");
    expect(plan.deletionProtection).toBe(true);
    expect(plan.addons.map((addon) => addon.name)).toEqual(["terway-eniip", "csi-plugin", "csi-provisioner", "ack-node-problem-detector"]);
  });

  it("turns deletion protection off outside production and manages ARMS Prometheus as an addon that can be added later", () => {
    const plan = planAckCluster({ ...minimal, production: false, armsPrometheus: true, extraAddons: [{ name: "ack-erdma-controller" }] });
    if (plan.mode !== "newCluster") throw new Error("expected a new cluster");
    expect(plan.deletionProtection).toBe(false);
    expect(plan.protect).toBe(false);
    expect(plan.addons.map((addon) => addon.name)).not.toContain("arms-prometheus");
    expect(plan.managedAddons.map((addon) => addon.name)).toEqual(["arms-prometheus", "ack-erdma-controller"]);
  });

  it("keeps every existing zone's vSwitches where they are when a zone is added", () => {
    const zones = (zoneIds: string[]) => {
      const plan = planAckCluster({ ...minimal, zoneIds, vpcCidr: "10.0.0.0/16" });
      if (plan.mode !== "newCluster" || plan.network.kind !== "newVpc") throw new Error("expected a new VPC");
      return plan.network.zones;
    };
    const two = zones(["cn-hangzhou-h", "cn-hangzhou-i"]);
    const three = zones(["cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j"]);
    expect(three.slice(0, 2)).toEqual(two);
    expect(three[2]).toEqual({ zoneId: "cn-hangzhou-j", podCidr: "10.0.64.0/19", nodeCidr: "10.0.244.0/22" });
  });

  it("keeps the packed layout for clusters created with it", () => {
    const plan = planAckCluster({ ...minimal, vswitchLayout: "packed" });
    if (plan.mode !== "newCluster" || plan.network.kind !== "newVpc") throw new Error("expected a new VPC");
    expect(plan.network.zones[0]).toEqual({ zoneId: "cn-hangzhou-h", nodeCidr: "192.168.64.0/22", podCidr: "192.168.0.0/19" });
  });

  it("leaves the Kubernetes version to ACK, uses iptables kube-proxy, and refuses a minor ACK no longer creates", () => {
    const plan = planAckCluster(minimal);
    if (plan.mode !== "newCluster") throw new Error("expected a new cluster");
    expect(plan.kubernetesVersion).toBeUndefined();
    expect(plan.proxyMode).toBe("iptables");
    expect(planAckCluster({ ...minimal, kubernetesVersion: "1.34.1-aliyun.1" })).toMatchObject({ kubernetesVersion: "1.34.1-aliyun.1" });
    const error = errorOf({ ...minimal, kubernetesVersion: "1.32.1-aliyun.1" });
    expect(error).toMatchObject({ field: "kubernetesVersion", value: "1.32.1-aliyun.1" });
    expect(error.reason).toMatch(/three newest minors \(1\.35, 1\.34, 1\.33/);
    expect(errorOf({ ...minimal, kubernetesVersion: "1.34" }).reason).toMatch(/x\.y\.z-aliyun\.n/);
  });

  it("keeps the API server private unless asked, and whitelists ACK's control plane and the VPC with a public one", () => {
    const privatePlan = planAckCluster(minimal);
    if (privatePlan.mode !== "newCluster") throw new Error("expected a new cluster");
    expect(privatePlan.apiServer).toEqual({ access: "private" });
    const publicPlan = planAckCluster({ ...minimal, apiServer: { access: "public", allowedCidrs: ["203.0.113.0/24"] } });
    if (publicPlan.mode !== "newCluster") throw new Error("expected a new cluster");
    expect(publicPlan.apiServer).toEqual({ access: "public", allowedCidrs: ["100.104.0.0/16", "192.168.0.0/16", "203.0.113.0/24"] });
    expect(errorOf({ ...minimal, apiServer: { access: "public", allowedCidrs: ["203.0.113.7"] } }).field).toBe("apiServer.allowedCidrs[0]");
    expect(errorOf({ ...minimal, apiServer: { access: "private" }, publicApiServer: true }).field).toBe("publicApiServer");
  });

  it("sizes the system pool from what it hosts, with a spare node and never fewer than two", () => {
    const small = planAckCluster(minimal);
    const large = planAckCluster({ ...minimal, systemPool: { instanceType: "ecs.g7.xlarge", requests: { cpuMillis: 7000, memoryMiB: 12000 } } });
    if (small.mode !== "newCluster" || large.mode !== "newCluster") throw new Error("expected new clusters");
    expect(small.systemPool).toMatchObject({ nodes: 2, instance: { name: "ecs.g7.2xlarge" } });
    // ecs.g7.xlarge keeps 3,900m and 12,636 MiB allocatable: 7 cores need 2 nodes, plus one spare.
    expect(large.systemPool.nodes).toBe(3);
    expect(errorOf({ ...minimal, systemPool: { instanceType: "ecs.gn7i-c8g1.2xlarge" } }).field).toBe("systemPool.instanceType");
    expect(errorOf({ ...minimal, systemPool: { nodes: 1 } }).field).toBe("systemPool.nodes");
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
    expect(error.reason).toBe("is not a key here; did you mean zoneIds?");
    expect(error.fix).toBe("rename it to zoneIds");
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
      kubeconfigTtlMinutes: 4320,
    });
    expect(errorOf({ clusterName: "llm", existingCluster: { clusterId: "c123", nodeVswitchIds: ["vsw-1"] } }).field).toBe("existingCluster.nodeVswitchIds");
  });
});
