import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { GpuNodePool } from "../../components/GpuNodePool.js";
import { settle, startMockSession, valueOf, type MockSession } from "../../src/preview/index.js";
import { ACCESS_KEY_PATTERN, childrenOf, component, providerUrnOf } from "./resourceGraph.js";

const TYPE = "llmfleet:index:GpuNodePool";
const NODE_POOL = "alicloud:cs/nodePool:NodePool";
const placement = { clusterId: "c-1", vswitchIds: ["vsw-h", "vsw-i"] };

describe("GpuNodePool", () => {
  let session: MockSession;
  let a10: GpuNodePool;
  let l20: GpuNodePool;

  beforeAll(async () => {
    session = startMockSession("llmfleet", "test");
    const hangzhou = new alicloud.Provider("hangzhou", { region: "cn-hangzhou" });
    const ulanqab = new alicloud.Provider("ulanqab", { region: "cn-wulanchabu" });
    a10 = new GpuNodePool("a10", {
      ...placement,
      instanceType: "ecs.gn7i-c16g1.4xlarge",
      expectedGpu: "A10",
      size: { mode: "autoscale", minNodes: 1, maxNodes: 4 },
      nvidiaDriverVersion: "550.127.08",
      alicloudProvider: hangzhou,
    });
    l20 = new GpuNodePool(
      "l20",
      { ...placement, instanceType: "ecs.gn8is-4x.16xlarge", erdma: true, size: { mode: "deployments", deployments: [{ replicas: 2, nodesPerReplica: 2 }], surgeNodes: 1 } },
      { providers: [ulanqab] },
    );
    await Promise.all([valueOf(a10.nodePoolId), valueOf(l20.nodePoolId)]);
    await settle();
  });

  it("creates exactly one node pool under each component", () => {
    for (const name of ["a10", "l20"]) {
      expect(childrenOf(session, component(session, TYPE, name)).map((child) => child.type)).toEqual([NODE_POOL]);
    }
  });

  it("gives the node pool the provider passed in args or in opts.providers", () => {
    expect(providerUrnOf(component(session, NODE_POOL, "a10-pool"))).toBe(component(session, "pulumi:providers:alicloud", "hangzhou").urn);
    expect(providerUrnOf(component(session, NODE_POOL, "l20-pool"))).toBe(component(session, "pulumi:providers:alicloud", "ulanqab").urn);
  });

  it("labels and taints the nodes for GPU workloads", () => {
    const inputs = component(session, NODE_POOL, "a10-pool").plainInputs;
    expect(inputs["labels"]).toEqual(
      expect.arrayContaining([
        { key: "llmfleet.io/pool", value: "a10" },
        { key: "llmfleet.io/gpu", value: "A10" },
        { key: "ack.aliyun.com/nvidia-driver-version", value: "550.127.08" },
      ]),
    );
    expect(inputs["taints"]).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
  });

  it("autoscales a GPU pool on ESSD with auto-repair, in the cluster's vSwitches", () => {
    expect(component(session, NODE_POOL, "a10-pool").plainInputs).toMatchObject({
      clusterId: "c-1",
      vswitchIds: ["vsw-h", "vsw-i"],
      instanceTypes: ["ecs.gn7i-c16g1.4xlarge"],
      scalingConfig: { enable: true, minSize: 1, maxSize: 4, type: "gpu" },
      systemDiskCategory: "cloud_essd",
      systemDiskSize: 200,
      spotStrategy: "NoSpot",
      management: { enable: true, autoRepair: true },
    });
  });

  it("sizes a pool from its deployments: 2 replicas × 2 nodes + 1 surge", () => {
    expect(component(session, NODE_POOL, "l20-pool").plainInputs).toMatchObject({ desiredSize: "5", labels: expect.arrayContaining([{ key: "llmfleet.io/erdma", value: "true" }]) });
  });

  it("exposes the placement as plain data", () => {
    expect(pulumi.Output.isInstance(a10.placement)).toBe(false);
    expect(a10.placement).toMatchObject({ nodeSelector: { "llmfleet.io/pool": "a10" }, gpu: "A10", gpusPerNode: 1, erdma: false });
    expect(l20.placement).toMatchObject({ gpu: "L20", gpusPerNode: 4, erdma: true });
  });

  it("rejects an unknown instance type with an InputPropertyError naming the field", () => {
    const attempt = () => new GpuNodePool("bad", { ...placement, instanceType: "ecs.gn99.huge", size: { mode: "fixed", nodes: 1 } });
    expect(attempt).toThrow(pulumi.InputPropertyError);
    expect(attempt).toThrow(expect.objectContaining({ propertyPath: "args.instanceType", reason: expect.stringMatching(/not a GPU instance type/) }));
  });

  it("rejects eRDMA on an instance type without it", () => {
    const attempt = () => new GpuNodePool("no-rdma", { ...placement, instanceType: "ecs.gn7i-c8g1.2xlarge", erdma: true, size: { mode: "fixed", nodes: 1 } });
    expect(attempt).toThrow(expect.objectContaining({ propertyPath: "args.erdma" }));
  });

  it("puts no AccessKey in any resource", () => {
    for (const resource of session.resources) expect(JSON.stringify(resource.plainInputs)).not.toMatch(ACCESS_KEY_PATTERN);
  });
});
