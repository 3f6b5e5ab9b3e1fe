/** ACK node pools (`alicloud:cs/nodePool:NodePool`) as placement targets: labels, taints, GPU or not. */
import type { PolicyResource } from "./types.js";
import { isUnknown, objectsAt, stringAt, stringsAt } from "./values.js";

export const NODE_POOL_TYPE = "alicloud:cs/nodePool:NodePool";

/** The taint every llmfleet GPU pool carries (`nvidia.com/gpu=present:NoSchedule`). */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } as const;

/** ECS GPU families: gn, ebmgn (bare metal), sgn and vgn (shared and virtual GPU). */
const GPU_INSTANCE_TYPE = /^ecs\.(ebm)?(gn|sgn|vgn)\d/;

export interface Taint {
  readonly key: string;
  readonly value: string | undefined;
  readonly effect: string;
}

export interface NodePool {
  readonly resource: PolicyResource;
  /** `nodePoolName`, else the Pulumi name. */
  readonly name: string;
  readonly instanceTypes: readonly string[];
  /** undefined when the label list is unknown during preview. */
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly taints: readonly Taint[];
  readonly gpu: boolean;
}

export function isGpuInstanceType(instanceType: string): boolean {
  return GPU_INSTANCE_TYPE.test(instanceType);
}

export function nodePoolOf(resource: PolicyResource): NodePool | undefined {
  if (resource.type !== NODE_POOL_TYPE) return undefined;
  const props = resource.props;
  const instanceTypes = stringsAt(props, "instanceTypes");
  const labels = isUnknown(props["labels"]) ? undefined : Object.fromEntries(objectsAt(props, "labels").flatMap((label) => {
    const key = stringAt(label, "key");
    return key === undefined ? [] : [[key, stringAt(label, "value") ?? ""]];
  }));
  const taints = objectsAt(props, "taints").flatMap((taint): Taint[] => {
    const key = stringAt(taint, "key");
    return key === undefined ? [] : [{ key, value: stringAt(taint, "value"), effect: stringAt(taint, "effect") ?? "NoSchedule" }];
  });
  const gpu = instanceTypes.some(isGpuInstanceType) || stringAt(props, "scalingConfig", "type") === "gpu" || (labels !== undefined && "llmfleet.io/gpu" in labels);
  return { resource, name: stringAt(props, "nodePoolName") ?? resource.name, instanceTypes, labels, taints, gpu };
}

export function nodePoolsOf(resources: readonly PolicyResource[]): NodePool[] {
  return resources.flatMap((resource) => {
    const pool = nodePoolOf(resource);
    return pool === undefined ? [] : [pool];
  });
}

/** True when the pool carries the GPU taint with effect NoSchedule. */
export function hasGpuTaint(pool: NodePool): boolean {
  return pool.taints.some((taint) => taint.key === GPU_TAINT.key && taint.effect === GPU_TAINT.effect);
}
