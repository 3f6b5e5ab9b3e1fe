/**
 * Kubernetes objects as rules see them, whatever Pulumi type carried them: typed resources such as
 * `kubernetes:apps/v1:Deployment` and `kubernetes:apiextensions.k8s.io:CustomResource` (LWS, MPIJob,
 * KEDA, Istio, Prometheus kinds) all hold the object's fields as their props.
 */
import { isUnknownAt, objectAt, stringAt, stringMapAt, type PlainObject } from "./values.js";
import type { PolicyResource } from "./types.js";

export interface PolicyObject {
  readonly apiVersion: string;
  readonly kind: string;
  /** `metadata.name`, or the Pulumi name when the object is auto-named or its name is unknown. */
  readonly name: string;
  /** `metadata.namespace` (`default` when absent); undefined for cluster-scoped kinds and when unknown during preview. */
  readonly namespace: string | undefined;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** The whole object (`spec`, `data`, …). */
  readonly body: PlainObject;
  /** `Kind namespace/name`, for messages. */
  readonly ref: string;
}

const KUBERNETES_TYPE = /^kubernetes:([^:]+):([^:]+)$/;

const CLUSTER_SCOPED_KINDS = new Set(["ClusterRole", "ClusterRoleBinding", "Namespace", "Node", "PersistentVolume", "StorageClass", "PriorityClass", "CustomResourceDefinition"]);

/** The Kubernetes object a resource describes, or undefined for non-Kubernetes and Helm/YAML resources. */
export function kubernetesObjectOf(resource: PolicyResource): PolicyObject | undefined {
  const match = KUBERNETES_TYPE.exec(resource.type);
  if (!match) return undefined;
  const [, groupVersion = "", typeKind = ""] = match;
  if (groupVersion.startsWith("helm.sh/") || groupVersion.startsWith("yaml/") || groupVersion.startsWith("kustomize/")) return undefined;
  const props = resource.props;
  const kind = stringAt(props, "kind") ?? (typeKind === "CustomResource" ? undefined : typeKind);
  const apiVersion = stringAt(props, "apiVersion") ?? (groupVersion.startsWith("core/") ? groupVersion.slice("core/".length) : groupVersion);
  if (kind === undefined) return undefined;
  const name = stringAt(props, "metadata", "name") ?? resource.name;
  const namespace = CLUSTER_SCOPED_KINDS.has(kind) || isUnknownAt(props, "metadata", "namespace") ? undefined : (stringAt(props, "metadata", "namespace") ?? "default");
  return {
    apiVersion,
    kind,
    name,
    namespace,
    labels: stringMapAt(props, "metadata", "labels"),
    annotations: stringMapAt(props, "metadata", "annotations"),
    body: props,
    ref: `${kind} ${namespace === undefined ? "" : `${namespace}/`}${name}`,
  };
}

/** The objects of the given resources, each with the resource it came from. */
export function kubernetesObjectsOf(resources: readonly PolicyResource[]): { readonly resource: PolicyResource; readonly object: PolicyObject }[] {
  return resources.flatMap((resource) => {
    const object = kubernetesObjectOf(resource);
    return object === undefined ? [] : [{ resource, object }];
  });
}

/** `networking.istio.io/v1` → `networking.istio.io`; `v1` → `` (the core group). */
export function apiGroupOf(object: Pick<PolicyObject, "apiVersion">): string {
  const slash = object.apiVersion.lastIndexOf("/");
  return slash < 0 ? "" : object.apiVersion.slice(0, slash);
}

/** True when the object is `kind` in `group` (any version). */
export function isKind(object: PolicyObject, group: string, kind: string): boolean {
  return object.kind === kind && apiGroupOf(object) === group;
}

/** `spec` of the object, or undefined when missing or unknown. */
export function specOf(object: PolicyObject): PlainObject | undefined {
  return objectAt(object.body, "spec");
}
