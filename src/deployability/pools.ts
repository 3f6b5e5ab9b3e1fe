/** The node pools a stack runs on, read from its `cs.NodePool` resources and declared pools. */
import { allocatable, type Allocatable } from "../cluster/reservation.js";
import { findGeneralPurposeInstance } from "../cluster/systemPool.js";
import { findInstanceType } from "../gpu/index.js";
import type { DeclaredPool, DeployedResource } from "./types.js";

export interface PoolTaint {
  readonly key: string;
  readonly value: string;
  readonly effect: string;
}

export interface NodePoolModel {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly PoolTaint[];
  readonly instanceType: string;
  readonly allocatablePerNode: Allocatable;
  readonly gpusPerNode: number;
  readonly minNodes: number;
  readonly maxNodes: number;
}

function entries(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter((v): v is Record<string, unknown> => typeof v === "object" && v !== null) : [];
}

function shapeOf(instanceType: string): { vcpu: number; memoryGiB: number; gpuCount: number } | undefined {
  const gpu = findInstanceType(instanceType);
  if (gpu !== undefined) return gpu;
  const general = findGeneralPurposeInstance(instanceType);
  return general === undefined ? undefined : { ...general, gpuCount: 0 };
}

function model(name: string, instanceType: string, labels: Record<string, string>, taints: PoolTaint[], minNodes: number, maxNodes: number): NodePoolModel | undefined {
  const shape = shapeOf(instanceType);
  if (shape === undefined) return undefined;
  // llmfleet writes this reservation into each pool's kubelet configuration, so it holds on every node.
  return { name, labels, taints, instanceType, allocatablePerNode: allocatable(shape), gpusPerNode: shape.gpuCount, minNodes, maxNodes };
}

export function nodePoolsOf(resources: readonly DeployedResource[], declared: readonly DeclaredPool[]): NodePoolModel[] {
  const created = resources
    .filter((r) => r.type === "alicloud:cs/nodePool:NodePool")
    .map((r) => {
      const labels = Object.fromEntries(entries(r.inputs["labels"]).map((l) => [String(l["key"]), String(l["value"] ?? "")]));
      const taints = entries(r.inputs["taints"]).map((t) => ({ key: String(t["key"]), value: String(t["value"] ?? ""), effect: String(t["effect"] ?? "NoSchedule") }));
      const scaling = entries([r.inputs["scalingConfig"]])[0];
      const types = r.inputs["instanceTypes"];
      const instanceType = Array.isArray(types) ? String(types[0] ?? "") : "";
      const fixed = Number(r.inputs["desiredSize"] ?? 0);
      const [minNodes, maxNodes] = scaling !== undefined && scaling["enable"] === true ? [Number(scaling["minSize"] ?? 0), Number(scaling["maxSize"] ?? 0)] : [fixed, fixed];
      return model(String(r.inputs["nodePoolName"] ?? r.name), instanceType, labels, taints, minNodes, maxNodes);
    });
  const existing = declared.map((pool) => model(pool.name, pool.instanceType, {}, [], pool.nodes, pool.nodes));
  return [...created, ...existing].filter((p): p is NodePoolModel => p !== undefined);
}
