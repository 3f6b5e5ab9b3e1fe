/**
 * An InferencePool hands the endpoint picker every pod it selects as an endpoint, and the gateway
 * sends requests wherever the picker says: a selector that also matches a group's workers (which
 * serve no API), the picker's own pods, or the pods of another deployment sends requests to pods
 * that fail them or to the wrong model.
 */
import { inferencePoolsOf, isEndpointPickerPod, isServingPod, podKindsOf, selectedPods, type InferencePool, type PodKind } from "../inferencePools.js";
import { containersOf } from "../podTemplates.js";
import { violation, type StackRule, type Violation } from "../types.js";
import { numberAt, objectsAt } from "../values.js";

function podNames(pods: readonly PodKind[]): string {
  return [...new Set(pods.map((pod) => pod.template.where))].join(", ");
}

function containerPorts(pods: readonly PodKind[]): Set<number> {
  return new Set(
    pods.flatMap((pod) => containersOf(pod.template).filter((container) => !container.init).flatMap((container) => objectsAt(container.body, "ports").flatMap((port) => numberAt(port, "containerPort") ?? []))),
  );
}

function poolViolations(rule: string, pool: InferencePool, pods: readonly PodKind[]): Violation[] {
  const { resource, object } = pool;
  const selector = JSON.stringify(pool.matchLabels);
  if (Object.keys(pool.matchLabels).length === 0) {
    return [violation(rule, resource, {
      what: `${object.ref} has no spec.selector.matchLabels`,
      why: "the pool then has no endpoints, and every request to the route behind it fails",
      fix: "select the deployment's serving pods: app.kubernetes.io/name: <deployment> and app.kubernetes.io/component: inference",
    })];
  }
  const selected = selectedPods(pool, pods);
  const found: Violation[] = [];
  const pickers = selected.filter(isEndpointPickerPod);
  if (pickers.length > 0) {
    found.push(violation(rule, resource, {
      what: `${object.ref} selector ${selector} matches the endpoint picker's own pods (${podNames(pickers)})`,
      why: "the picker would send inference requests to itself, and they fail",
      fix: "select by the serving labels (app.kubernetes.io/component: inference) that picker pods do not carry",
    }));
  }
  const others = selected.filter((pod) => !isServingPod(pod) && !isEndpointPickerPod(pod));
  if (others.length > 0) {
    found.push(violation(rule, resource, {
      what: `${object.ref} selector ${selector} matches pods that serve no inference API (${podNames(others)})`,
      why: "a multi-node group's workers and pods without llmfleet's serving labels do not answer the OpenAI API, so requests the picker sends there fail",
      fix: 'narrow the selector to the deployment\'s serving pods; for a multi-node group add leaderworkerset.sigs.k8s.io/worker-index: "0" so only leaders are selected',
    }));
  }
  const serving = selected.filter(isServingPod);
  const workloads = [...new Set(serving.map((pod) => pod.workload.object.ref))];
  if (workloads.length === 0) {
    found.push(violation(rule, resource, {
      what: `${object.ref} selector ${selector} matches no serving pod in namespace ${object.namespace ?? "(unknown)"}`,
      why: "the pool has no endpoints, and every request to the route behind it fails",
      fix: "use the labels of the deployment's pod template (app.kubernetes.io/name: <deployment>, app.kubernetes.io/component: inference) in the deployment's namespace",
    }));
  } else if (workloads.length > 1) {
    found.push(violation(rule, resource, {
      what: `${object.ref} selector ${selector} matches the pods of ${workloads.length} workloads (${workloads.join(", ")})`,
      why: "one pool must be one deployment: the picker would mix models or versions, and canary weights between pools stop meaning anything",
      fix: "add app.kubernetes.io/name: <deployment> to the selector, with one InferencePool per deployment",
    }));
  } else {
    const ports = containerPorts(serving);
    for (const target of objectsAt(object.body, "spec", "targetPorts").flatMap((port) => numberAt(port, "number") ?? [])) {
      if (ports.has(target)) continue;
      found.push(violation(rule, resource, {
        what: `${object.ref} targets port ${target}, which no container of ${workloads.join(", ")} listens on`,
        why: "the picker hands the gateway podIP:port endpoints, so every request is refused",
        fix: `set spec.targetPorts to the engine's port (${[...ports].join(", ") || "the container's http port"})`,
      }));
    }
  }
  return found;
}

export const inferencePoolServingPods: StackRule = {
  name: "inference-pool-serving-pods",
  description: "Each InferencePool selects the serving pods (single-node pods or group leaders) of exactly one llmfleet workload in its namespace, never workers or the endpoint picker's pods, on a port those pods listen on.",
  defaultEnforcement: "mandatory",
  scope: "stack",
  chartObjects: "skipped",
  check(resources) {
    const pods = podKindsOf(resources);
    return inferencePoolsOf(resources).flatMap((pool) => poolViolations(this.name, pool, pods));
  },
};
