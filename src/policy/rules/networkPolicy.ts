/**
 * Network isolation: every namespace that runs workloads denies ingress by default, and every
 * workload is selected by a policy that allows only its own traffic. torch.distributed, NCCL and
 * Ray ports between the pods of a multi-node group are unauthenticated. A workload that serves
 * nothing (the weights fetch Job) passes with a policy of its own that admits no ingress at all.
 */
import { isKind, kubernetesObjectsOf, type PolicyObject } from "../kubernetes.js";
import { containersOf, type PodTemplate } from "../podTemplates.js";
import { selectorMatches } from "../selectors.js";
import { violation, type StackRule, type Violation } from "../types.js";
import { arrayAt, at, isObject, objectAt, stringsAt } from "../values.js";
import { workloadNamespaces, workloadsOf } from "../workloads.js";

function selectsAllPods(policy: PolicyObject): boolean {
  const selector = objectAt(policy.body, "spec", "podSelector");
  if (selector === undefined) return false;
  return Object.keys(objectAt(selector, "matchLabels") ?? {}).length === 0 && arrayAt(selector, "matchExpressions").length === 0;
}

function governsIngress(policy: PolicyObject): boolean {
  const types = stringsAt(policy.body, "spec", "policyTypes");
  return types.length === 0 || types.includes("Ingress");
}

/** `podSelector: {}`, `policyTypes: [Ingress]` and no ingress rule: nothing may connect. */
function isDefaultDeny(policy: PolicyObject): boolean {
  return selectsAllPods(policy) && governsIngress(policy) && arrayAt(policy.body, "spec", "ingress").length === 0 && !isObject(at(policy.body, "spec", "ingress"));
}

function allowsSomeIngress(policy: PolicyObject): boolean {
  return governsIngress(policy) && arrayAt(policy.body, "spec", "ingress").length > 0;
}

/** A run-to-completion pod (Job, CronJob) that declares no container port: the default deny is all it needs. */
function listensOnNothing(template: PodTemplate): boolean {
  return (template.object.kind === "Job" || template.object.kind === "CronJob") && containersOf(template).every((container) => arrayAt(container.body, "ports").length === 0);
}


export const netpolDefaultDeny: StackRule = {
  name: "netpol-default-deny",
  description: "Each namespace that runs workloads has a default-deny ingress NetworkPolicy, and each workload's pods are selected by a policy that allows their traffic (Jobs whose containers declare no port listen on nothing and need none).",
  defaultEnforcement: "mandatory",
  scope: "stack",
  chartObjects: "skipped",
  check(resources) {
    const workloads = workloadsOf(resources);
    const policies = kubernetesObjectsOf(resources)
      .map(({ object }) => object)
      .filter((object) => isKind(object, "networking.k8s.io", "NetworkPolicy"));
    const found: Violation[] = [];
    for (const namespace of workloadNamespaces(workloads)) {
      if (policies.some((policy) => policy.namespace === namespace && isDefaultDeny(policy))) continue;
      const names = workloads.filter((workload) => workload.object.namespace === namespace).map((workload) => workload.object.ref);
      found.push(violation(this.name, null, {
        what: `namespace ${namespace} (${names.join(", ")}) has no default-deny ingress NetworkPolicy`,
        why: "any pod in the cluster can then reach the engines' unauthenticated ports (vLLM /invocations, torch.distributed, NCCL)",
        fix: `add a NetworkPolicy in ${namespace} with podSelector: {}, policyTypes: [Ingress] and no ingress rules`,
      }));
    }
    for (const workload of workloads) {
      if (workload.object.namespace === undefined) continue;
      for (const template of workload.templates) {
        if (listensOnNothing(template)) continue;
        const allowed = policies.some(
          (policy) =>
            policy.namespace === workload.object.namespace &&
            allowsSomeIngress(policy) &&
            selectorMatches(at(policy.body, "spec", "podSelector"), template.labels),
        );
        if (allowed) continue;
        found.push(violation(this.name, workload.resource, {
          what: `no NetworkPolicy allows ingress to ${template.where}`,
          why: "behind a default deny the pods are unreachable, and without one their ports are open to every pod",
          fix: "add a NetworkPolicy selecting the pod template labels that allows the gateway on the http port, Prometheus on metrics and the group's own pods",
        }));
      }
    }
    return found;
  },
};
