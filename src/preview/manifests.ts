import type { KubernetesObject } from "../k8s/types.js";
import { kubernetesObjectOf } from "../policy/kubernetes.js";
import type { RecordedResource } from "./recorder.js";

/** A Helm chart the stack installs: listed by chart, version and values instead of rendered. */
export interface ChartRelease {
  readonly resource: string;
  readonly chart: string;
  readonly version: string;
  readonly repository: string | null;
  readonly namespace: string | null;
  /** Values with secrets redacted. */
  readonly values: Record<string, unknown>;
}

export interface StackManifests {
  readonly objects: readonly KubernetesObject[];
  readonly charts: readonly ChartRelease[];
}

const HELM_CHART_TYPES = new Set(["kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Release"]);

/** Order in which `kubectl apply -f dir/` should meet the objects: what others refer to comes first. */
const KIND_ORDER = [
  "Namespace",
  "ServiceAccount",
  "Secret",
  "ConfigMap",
  "PersistentVolume",
  "PersistentVolumeClaim",
  "Service",
  "Deployment",
  "LeaderWorkerSet",
  "MPIJob",
  "PodDisruptionBudget",
  "NetworkPolicy",
  "ScaledObject",
];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

/** The Kubernetes object a recorded resource applies (the policy rules' reading), or undefined for non-objects. */
export function appliedObjectOf(resource: RecordedResource): KubernetesObject | undefined {
  if (!resource.custom) return undefined;
  const object = kubernetesObjectOf({ type: resource.type, name: resource.name, props: resource.inputs });
  if (object === undefined) return undefined;
  // Conventional key order for people reading the files: apiVersion, kind, the body, metadata last as before.
  const { apiVersion: _apiVersion, kind: _kind, metadata, ...body } = object.body;
  return { apiVersion: object.apiVersion, kind: object.kind, ...body, metadata: { ...(isRecord(metadata) ? metadata : {}), name: object.name } };
}

function chartOf(resource: RecordedResource): ChartRelease | undefined {
  if (!HELM_CHART_TYPES.has(resource.type)) return undefined;
  const inputs = resource.inputs;
  const repositoryOpts = isRecord(inputs["repositoryOpts"]) ? inputs["repositoryOpts"] : {};
  return {
    resource: resource.name,
    chart: text(inputs["chart"]) ?? "(unknown)",
    version: text(inputs["version"]) ?? "(unpinned)",
    repository: text(repositoryOpts["repo"]),
    namespace: text(inputs["namespace"]),
    values: isRecord(inputs["values"]) ? inputs["values"] : {},
  };
}

function kindRank(kind: string): number {
  const index = KIND_ORDER.indexOf(kind);
  return index === -1 ? KIND_ORDER.length : index;
}

/** Splits what a stack registered into applied Kubernetes objects (in apply order) and Helm charts. */
export function stackManifests(resources: readonly RecordedResource[]): StackManifests {
  const objects = resources.map(appliedObjectOf).filter((o): o is KubernetesObject => o !== undefined);
  objects.sort((a, b) => kindRank(a.kind) - kindRank(b.kind));
  const charts = resources.map(chartOf).filter((c): c is ChartRelease => c !== undefined);
  return { objects, charts };
}

/** File name for one object: `NN-kind-namespace-name.yaml`, ordered for `kubectl apply -f`. */
export function manifestFileName(object: KubernetesObject, index: number): string {
  const namespace = object.metadata.namespace ? `${object.metadata.namespace}-` : "";
  return `${String(index + 1).padStart(3, "0")}-${object.kind.toLowerCase()}-${namespace}${object.metadata.name}.yaml`;
}
