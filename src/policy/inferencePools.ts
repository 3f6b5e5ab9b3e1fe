/**
 * Gateway API Inference Extension objects as the routing rules see them: InferencePools
 * (`inference.networking.k8s.io/v1`, v1.5.0 CRD: `spec.selector.matchLabels`, `spec.targetPorts`,
 * `spec.endpointPickerRef`), the pods a pool selects, and the endpoint pickers.
 */
import { ENDPOINT_PICKER_POD_LABELS } from "../monitoring/endpointPickerMetrics.js";
import { isKind, kubernetesObjectsOf, type PolicyObject } from "./kubernetes.js";
import type { PodTemplate } from "./podTemplates.js";
import type { PolicyResource } from "./types.js";
import { objectAt, stringMapAt } from "./values.js";
import { workloadsOf, type Workload } from "./workloads.js";

export const INFERENCE_GROUP = "inference.networking.k8s.io";

/** Labels every llmfleet serving pod carries (`src/workload/labels.ts`, `selectorLabels` and `workloadLabels`). */
export const SERVING_POD_LABELS: Readonly<Record<string, string>> = { "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/component": "inference" };
/** Label by which the endpoint pickers' pods are told apart from the serving pods. */
const ENDPOINT_PICKER_COMPONENT = { "app.kubernetes.io/component": ENDPOINT_PICKER_POD_LABELS["app.kubernetes.io/component"] };
/**
 * Label the LeaderWorkerSet controller adds to every pod of a group, `"0"` on the leader
 * (kubernetes-sigs/lws v0.7.0, the pinned LWS, `api/leaderworkerset/v1/leaderworkerset_types.go`: `WorkerIndexLabelKey`).
 */
export const LWS_WORKER_INDEX_LABEL = "leaderworkerset.sigs.k8s.io/worker-index";

export interface InferencePool {
  readonly resource: PolicyResource;
  readonly object: PolicyObject;
  /** `spec.selector.matchLabels`: the v1 pool selects by labels only. */
  readonly matchLabels: Readonly<Record<string, string>>;
}

export function inferencePoolsOf(resources: readonly PolicyResource[]): InferencePool[] {
  return kubernetesObjectsOf(resources)
    .filter(({ object }) => isKind(object, INFERENCE_GROUP, "InferencePool"))
    .map(({ resource, object }) => ({ resource, object, matchLabels: stringMapAt(object.body, "spec", "selector", "matchLabels") }));
}

/** One kind of pod a template makes, with the labels it carries once running. */
export interface PodKind {
  readonly workload: Workload;
  readonly template: PodTemplate;
  readonly labels: Readonly<Record<string, string>>;
  /** Whether the pod receives traffic: a single-node pod or a group's leader, not a group's worker. */
  readonly serves: boolean;
}

function hasLabels(labels: Readonly<Record<string, string>>, wanted: Readonly<Record<string, string>>): boolean {
  return Object.entries(wanted).every(([key, value]) => labels[key] === value);
}

/**
 * The pods a template makes, labelled as the kubelet sees them: a LeaderWorkerSet's leader gets
 * worker index 0 and its workers 1 and up; without a leader template the worker template makes both.
 */
function podKinds(workload: Workload, template: PodTemplate): PodKind[] {
  if (template.object.kind !== "LeaderWorkerSet") return [{ workload, template, labels: template.labels, serves: true }];
  const indexed = (index: string, serves: boolean): PodKind => ({ workload, template, labels: { ...template.labels, [LWS_WORKER_INDEX_LABEL]: index }, serves });
  if (template.part === "leaderTemplate") return [indexed("0", true)];
  const hasLeader = objectAt(template.object.body, "spec", "leaderWorkerTemplate", "leaderTemplate") !== undefined;
  return hasLeader ? [indexed("1", false)] : [indexed("0", true), indexed("1", false)];
}

/** Every kind of pod the stack runs. */
export function podKindsOf(resources: readonly PolicyResource[]): PodKind[] {
  return workloadsOf(resources).flatMap((workload) => workload.templates.flatMap((template) => podKinds(workload, template)));
}

/** Pods an InferencePool selects: same namespace, every `matchLabels` entry present. An empty selector selects nothing here (the CRD requires one label). */
export function selectedPods(pool: InferencePool, pods: readonly PodKind[]): PodKind[] {
  if (Object.keys(pool.matchLabels).length === 0) return [];
  return pods.filter((pod) => pod.workload.object.namespace === pool.object.namespace && hasLabels(pod.labels, pool.matchLabels));
}

/** A pod llmfleet runs to serve a model: the serving labels, and not a group's worker. */
export function isServingPod(pod: PodKind): boolean {
  return pod.serves && hasLabels(pod.labels, SERVING_POD_LABELS);
}

/** Whether pods with these labels are an endpoint picker's. */
export function isEndpointPickerLabelled(labels: Readonly<Record<string, string>>): boolean {
  return hasLabels(labels, ENDPOINT_PICKER_COMPONENT);
}

export function isEndpointPickerPod(pod: PodKind): boolean {
  return isEndpointPickerLabelled(pod.labels);
}

/** Pod templates of the endpoint pickers, with their workloads. */
export function endpointPickerTemplates(resources: readonly PolicyResource[]): PodKind[] {
  return podKindsOf(resources).filter(isEndpointPickerPod);
}
