/**
 * ACK GPU node pools: only allowed GPU instance types, every GPU pool tainted, and every GPU pod
 * selecting tainted GPU pools only (so no CPU pod lands on a GPU node and no GPU pod waits on a pool
 * it can never use).
 */
import { kubernetesObjectOf } from "../kubernetes.js";
import { hasGpuTaint, isGpuInstanceType, nodePoolOf, nodePoolsOf, GPU_TAINT, type NodePool, type Taint } from "../nodePools.js";
import { isGpuTemplate, podTemplatesOf, type PodTemplate } from "../podTemplates.js";
import { mapSelectorMatches } from "../selectors.js";
import { violation, type PolicyResource, type ResourceRule, type StackRule, type Violation } from "../types.js";
import { objectsAt, stringAt, stringMapAt } from "../values.js";

export const gpuInstanceAllowlist: ResourceRule = {
  name: "gpu-instance-allowlist",
  description: "Node pools use only GPU instance types on the allowedGpuInstanceTypes list (by default the llmfleet GPU catalogue).",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "checked",
  settings: ["allowedGpuInstanceTypes"],
  check(resource, config) {
    const pool = nodePoolOf(resource);
    if (pool === undefined) return [];
    const allowed = new Set(config.allowedGpuInstanceTypes);
    return pool.instanceTypes
      .filter((instanceType) => isGpuInstanceType(instanceType) && !allowed.has(instanceType))
      .map((instanceType) =>
        violation(this.name, resource, {
          what: `node pool ${pool.name} uses GPU instance type ${instanceType}, which is not on the allowed list`,
          why: "GPU instances are the largest cost of the platform, and types outside the catalogue have not been sized by the planner",
          fix: `use an allowed type (see llmfleet plan) or add ${instanceType} to allowedGpuInstanceTypes`,
        }),
      );
  },
};

/** Node labels ACK or the kubelet set on every node: a selector on them does not pick a pool. */
const NODE_PROVIDED_LABEL = /^(aliyun\.accelerator\/|ack\.aliyun\.com\/|kubernetes\.io\/|node\.kubernetes\.io\/|topology\.kubernetes\.io\/)/;

function tolerates(template: PodTemplate, taint: Taint): boolean {
  return objectsAt(template.spec, "tolerations").some((toleration) => {
    const key = stringAt(toleration, "key");
    const exists = stringAt(toleration, "operator") === "Exists";
    const effect = stringAt(toleration, "effect");
    return (key === taint.key || (exists && key === undefined)) && (exists || stringAt(toleration, "value") === taint.value) && (effect === undefined || effect === taint.effect);
  });
}

function placementViolations(rule: string, template: PodTemplate, resource: PolicyResource, pools: readonly NodePool[]): Violation[] {
  const selector = Object.fromEntries(Object.entries(stringMapAt(template.spec, "nodeSelector")).filter(([key]) => !NODE_PROVIDED_LABEL.test(key)));
  const known = pools.filter((pool) => pool.labels !== undefined);
  const candidates = known.filter((pool) => mapSelectorMatches(selector, pool.labels ?? {}));
  if (candidates.length === 0) {
    if (known.length < pools.length) return [];
    return [violation(rule, resource, {
      what: `${template.where} asks for GPUs but its nodeSelector ${JSON.stringify(selector)} matches no node pool of the stack`,
      why: "the pods stay Pending forever",
      fix: `select the labels of a GPU pool (llmfleet.io/pool, llmfleet.io/gpu): ${pools.filter(hasGpuTaint).map((pool) => pool.name).join(", ") || "none defined"}`,
    })];
  }
  const found: Violation[] = [];
  const stray = candidates.filter((pool) => !pool.gpu || !hasGpuTaint(pool));
  if (stray.length > 0) {
    found.push(violation(rule, resource, {
      what: `${template.where} asks for GPUs but its nodeSelector also matches ${stray.map((pool) => `pool ${pool.name}`).join(", ")}, not a tainted GPU pool`,
      why: "the scheduler may then bind GPU pods to nodes shared with CPU workloads, or keep them Pending on nodes without GPUs",
      fix: `add the pool's llmfleet.io/pool label to spec.template.spec.nodeSelector so it matches only tainted GPU pools`,
    }));
  }
  for (const pool of candidates.filter(hasGpuTaint)) {
    const untolerated = pool.taints.filter((taint) => taint.effect !== "PreferNoSchedule" && !tolerates(template, taint));
    if (untolerated.length === 0) continue;
    found.push(violation(rule, resource, {
      what: `${template.where} selects pool ${pool.name} but does not tolerate ${untolerated.map((taint) => `${taint.key}=${taint.value ?? ""}:${taint.effect}`).join(", ")}`,
      why: "the pods stay Pending on the pool they select",
      fix: `add tolerations for the pool's taints (at least ${GPU_TAINT.key}=${GPU_TAINT.value}:${GPU_TAINT.effect})`,
    }));
  }
  return found;
}

export const gpuPoolPlacement: StackRule = {
  name: "gpu-pool-placement",
  description: `GPU node pools carry the ${GPU_TAINT.key}=${GPU_TAINT.value}:${GPU_TAINT.effect} taint, and pods that request GPUs select and tolerate tainted GPU pools only.`,
  defaultEnforcement: "mandatory",
  scope: "stack",
  chartObjects: "checked",
  check(resources) {
    const pools = nodePoolsOf(resources);
    if (pools.length === 0) return [];
    const found = pools
      .filter((pool) => pool.gpu && !hasGpuTaint(pool))
      .map((pool) => violation(this.name, pool.resource, {
        what: `GPU node pool ${pool.name} has no ${GPU_TAINT.key}:${GPU_TAINT.effect} taint`,
        why: "ordinary pods then schedule onto the GPU nodes and take the CPU and memory the engines need",
        fix: `add taints [{ key: "${GPU_TAINT.key}", value: "${GPU_TAINT.value}", effect: "${GPU_TAINT.effect}" }] to the node pool`,
      }));
    for (const resource of resources) {
      if (kubernetesObjectOf(resource) === undefined) continue;
      for (const template of podTemplatesOf(resource).filter(isGpuTemplate)) found.push(...placementViolations(this.name, template, resource, pools));
    }
    return found;
  },
};
