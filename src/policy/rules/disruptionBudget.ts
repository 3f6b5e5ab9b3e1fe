/**
 * PodDisruptionBudgets that protect GPU serving without blocking node maintenance: each budget
 * selects a workload, lets unhealthy pods be evicted, and allows at least one disruption.
 */
import { isKind, kubernetesObjectsOf, type PolicyObject } from "../kubernetes.js";
import { isServingTemplate } from "../podTemplates.js";
import { selectorMatches } from "../selectors.js";
import { violation, type PolicyResource, type StackRule, type Violation } from "../types.js";
import { at, isObject, numberAt, stringAt } from "../values.js";
import { workloadsOf, type Workload } from "../workloads.js";

function selectedWorkloads(budget: PolicyObject, workloads: readonly Workload[]): Workload[] {
  const selector = at(budget.body, "spec", "selector");
  return workloads.filter((workload) => workload.object.namespace === budget.namespace && workload.templates.some((template) => selectorMatches(selector, template.labels)));
}

/** Pods the budget covers, or undefined when a replica count is unknown. */
function coveredPods(budget: PolicyObject, workloads: readonly Workload[]): number | undefined {
  const selector = at(budget.body, "spec", "selector");
  let pods = 0;
  for (const template of workloads.flatMap((workload) => workload.templates)) {
    if (!selectorMatches(selector, template.labels)) continue;
    if (template.replicas === undefined) return undefined;
    pods += template.replicas;
  }
  return pods;
}

function blocksAllDisruption(budget: PolicyObject, pods: number | undefined): boolean {
  const maxUnavailable = at(budget.body, "spec", "maxUnavailable");
  const minAvailable = at(budget.body, "spec", "minAvailable");
  if (maxUnavailable === 0 || maxUnavailable === "0%") return true;
  if (minAvailable === "100%") return true;
  const minimum = numberAt(budget.body, "spec", "minAvailable");
  return typeof minAvailable === "number" && minimum !== undefined && pods !== undefined && minimum >= pods;
}

function budgetViolations(rule: string, resource: PolicyResource, budget: PolicyObject, workloads: readonly Workload[]): Violation[] {
  const found: Violation[] = [];
  if (isObject(at(budget.body, "spec", "selector")) && budget.namespace !== undefined && selectedWorkloads(budget, workloads).length === 0) {
    found.push(violation(rule, resource, {
      what: `${budget.ref} selects no workload of the stack`,
      why: "a budget that matches nothing protects nothing, and usually means the labels drifted from the workload's",
      fix: "make spec.selector.matchLabels equal to the pod template labels of the workload it protects",
    }));
  }
  if (stringAt(budget.body, "spec", "unhealthyPodEvictionPolicy") !== "AlwaysAllow") {
    found.push(violation(rule, resource, {
      what: `${budget.ref} does not set unhealthyPodEvictionPolicy: AlwaysAllow`,
      why: "a crash-looping or hung engine pod then counts against the budget and blocks draining the node it is stuck on",
      fix: "set spec.unhealthyPodEvictionPolicy: AlwaysAllow",
    }));
  }
  if (blocksAllDisruption(budget, coveredPods(budget, selectedWorkloads(budget, workloads)))) {
    found.push(violation(rule, resource, {
      what: `${budget.ref} allows no voluntary disruption`,
      why: "node drains and ACK node-pool upgrades wait forever on a budget that never allows an eviction",
      fix: "set spec.maxUnavailable: 1 instead of minAvailable equal to the replica count or maxUnavailable 0",
    }));
  }
  return found;
}

export const pdbSane: StackRule = {
  name: "pdb-sane",
  description: "Each PodDisruptionBudget selects a workload, sets unhealthyPodEvictionPolicy AlwaysAllow and allows a disruption; serving GPU workloads with two or more replicas have a budget.",
  defaultEnforcement: "advisory",
  scope: "stack",
  chartObjects: "skipped",
  check(resources) {
    const workloads = workloadsOf(resources);
    const budgets = kubernetesObjectsOf(resources).filter(({ object }) => isKind(object, "policy", "PodDisruptionBudget"));
    const found = budgets.flatMap(({ resource, object }) => budgetViolations(this.name, resource, object, workloads));
    for (const workload of workloads) {
      const serving = workload.templates.filter(isServingTemplate);
      const replicas = numberAt(workload.object.body, "spec", "replicas") ?? 1;
      if (serving.length === 0 || replicas < 2) continue;
      const covered = budgets.some(
        ({ object }) => object.namespace === workload.object.namespace && serving.some((template) => selectorMatches(at(object.body, "spec", "selector"), template.labels)),
      );
      if (!covered) {
        found.push(violation(this.name, workload.resource, {
          what: `${workload.object.ref} runs ${replicas} GPU replicas without a PodDisruptionBudget`,
          why: "a node drain can then evict every replica at once and take the model offline",
          fix: "add a PodDisruptionBudget with maxUnavailable: 1 selecting the pod template labels",
        }));
      }
    }
    return found;
  },
};
