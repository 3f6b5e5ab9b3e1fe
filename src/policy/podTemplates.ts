/**
 * Pod templates and containers of any workload kind, so that container rules are written once:
 * Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, LeaderWorkerSet (leader and
 * worker templates) and MPIJob (launcher and worker replica specs).
 */
import { kubernetesObjectOf, type PolicyObject } from "./kubernetes.js";
import { parseQuantity } from "./quantity.js";
import type { PolicyResource } from "./types.js";
import { at, isUnknownAt, numberAt, objectAt, objectsAt, stringAt, stringMapAt, stringsAt, UNKNOWN, type PlainObject } from "./values.js";

export interface PodTemplate {
  /** The workload the template belongs to. */
  readonly object: PolicyObject;
  /** Which template of a multi-template kind (`leaderTemplate`, `Worker replica`), null for single-template kinds. */
  readonly part: string | null;
  /** `Deployment llm-serving/qwen`, or `LeaderWorkerSet llm-serving/qwen workerTemplate` for multi-template kinds. */
  readonly where: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Template annotations merged over the workload's own (either may carry a waiver). */
  readonly annotations: Readonly<Record<string, string>>;
  /** The pod spec. */
  readonly spec: PlainObject;
  /** Pods the workload runs from this template (LWS workers: groups × (size − 1)); undefined when unknown or unbounded. */
  readonly replicas: number | undefined;
  /** True for the templates of a multi-node group (LWS, MPIJob). */
  readonly multiNode: boolean;
}

export interface Container {
  readonly template: PodTemplate;
  readonly name: string;
  readonly body: PlainObject;
  readonly init: boolean;
  /** `Deployment llm-serving/qwen container "vllm"`, for messages. */
  readonly where: string;
}

/** GPU resource names a container can request. */
export const GPU_RESOURCES: readonly string[] = ["nvidia.com/gpu", "aliyun.com/gpu-mem"];

const SINGLE_TEMPLATE_KINDS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]);

function template(object: PolicyObject, templateBody: PlainObject | undefined, part: string | null, replicas: number | undefined, multiNode: boolean): PodTemplate[] {
  const spec = objectAt(templateBody, "spec");
  if (templateBody === undefined || spec === undefined) return [];
  return [
    {
      object,
      part,
      where: part === null ? object.ref : `${object.ref} ${part}`,
      labels: stringMapAt(templateBody, "metadata", "labels"),
      annotations: { ...object.annotations, ...stringMapAt(templateBody, "metadata", "annotations") },
      spec,
      replicas,
      multiNode,
    },
  ];
}

/** A count field that Kubernetes defaults to 1 when absent; undefined when unknown. */
function countAt(spec: PlainObject | undefined, ...path: readonly string[]): number | undefined {
  return at(spec, ...path) === undefined ? 1 : numberAt(spec, ...path);
}

function times(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined ? undefined : a * b;
}

/** Every pod template of a Kubernetes object; empty for kinds that run no pods. */
export function podTemplatesOfObject(object: PolicyObject): PodTemplate[] {
  const spec = objectAt(object.body, "spec");
  if (object.kind === "Pod") return template(object, { metadata: object.body["metadata"], spec }, null, 1, false);
  if (SINGLE_TEMPLATE_KINDS.has(object.kind)) {
    const replicas = object.kind === "Deployment" || object.kind === "StatefulSet" ? countAt(spec, "replicas") : object.kind === "Job" ? countAt(spec, "parallelism") : undefined;
    return template(object, objectAt(spec, "template"), null, replicas, false);
  }
  if (object.kind === "CronJob") return template(object, objectAt(spec, "jobTemplate", "spec", "template"), null, undefined, false);
  if (object.kind === "LeaderWorkerSet") {
    const group = objectAt(spec, "leaderWorkerTemplate");
    const groups = countAt(spec, "replicas");
    const size = countAt(group, "size");
    const leader = objectAt(group, "leaderTemplate");
    // Without a leader template the worker template also makes the leader pod.
    const workersPerGroup = size === undefined ? undefined : leader === undefined ? size : size - 1;
    return [
      ...template(object, leader, "leaderTemplate", groups, true),
      ...template(object, objectAt(group, "workerTemplate"), "workerTemplate", times(groups, workersPerGroup), true),
    ];
  }
  if (object.kind === "MPIJob") {
    const replicaSpecs = objectAt(spec, "mpiReplicaSpecs") ?? {};
    return Object.keys(replicaSpecs).flatMap((role) =>
      template(object, objectAt(replicaSpecs, role, "template"), `${role} replica`, numberAt(replicaSpecs, role, "replicas"), true),
    );
  }
  return [];
}

/** Every pod template of a resource; empty for resources that are not workloads. */
export function podTemplatesOf(resource: PolicyResource): PodTemplate[] {
  const object = kubernetesObjectOf(resource);
  return object === undefined ? [] : podTemplatesOfObject(object);
}

/** Containers and init containers of a pod template. */
export function containersOf(template: PodTemplate): Container[] {
  const make = (body: PlainObject, init: boolean): Container => {
    const name = stringAt(body, "name") ?? "(unnamed)";
    return { template, name, body, init, where: `${template.where} ${init ? "init container" : "container"} "${name}"` };
  };
  return [...objectsAt(template.spec, "initContainers").map((body) => make(body, true)), ...objectsAt(template.spec, "containers").map((body) => make(body, false))];
}

/** GPUs (or GPU shares) a container asks for: the larger of its limit and request, 0 when none. */
export function containerGpus(container: Container): number {
  let gpus = 0;
  for (const resourceName of GPU_RESOURCES) {
    for (const kind of ["limits", "requests"]) gpus = Math.max(gpus, parseQuantity(at(container.body, "resources", kind, resourceName)) ?? 0);
  }
  return gpus;
}

/** GPUs a pod of this template asks for (`nvidia.com/gpu` of all app containers). */
export function podGpus(template: PodTemplate): number {
  return containersOf(template)
    .filter((container) => !container.init)
    .reduce((sum, container) => sum + containerGpus(container), 0);
}

/** Templates that run GPU work. */
export function isGpuTemplate(template: PodTemplate): boolean {
  return podGpus(template) > 0;
}

const SERVING_KINDS = new Set(["Pod", "Deployment", "StatefulSet"]);

/**
 * GPU templates whose pods receive inference traffic: long-running single-node kinds, and the leader
 * of a LeaderWorkerSet (its worker template when the group has no separate leader template).
 * Jobs, DaemonSets and MPIJob replicas are not serving.
 */
export function isServingTemplate(template: PodTemplate): boolean {
  if (!isGpuTemplate(template)) return false;
  if (SERVING_KINDS.has(template.object.kind)) return true;
  if (template.object.kind !== "LeaderWorkerSet") return false;
  const hasLeader = objectAt(template.object.body, "spec", "leaderWorkerTemplate", "leaderTemplate") !== undefined;
  return template.part === (hasLeader ? "leaderTemplate" : "workerTemplate");
}

/** The value of an env var set by `value` on the container, undefined when unset or from a reference. */
export function envValue(container: Container, name: string): string | undefined {
  const entry = objectsAt(container.body, "env").find((env) => stringAt(env, "name") === name);
  return stringAt(entry, "value");
}

/**
 * `command` then `args` of the container as whitespace-separated tokens, so that flags inside a
 * `sh -c "vllm serve …"` string are found too (unknown entries dropped).
 */
export function argvOf(container: Container): string[] {
  return [...stringsAt(container.body, "command"), ...stringsAt(container.body, "args")].flatMap((entry) => entry.split(/\s+/).filter((token) => token !== ""));
}

/**
 * A `securityContext` field as it applies to the container: the container's own value, else the
 * pod's (pass `podLevel: false` for container-only fields such as `privileged`). `UNKNOWN` when
 * either is unknown during preview.
 */
export function securitySetting(container: Container, field: string, podLevel = true): unknown {
  for (const scope of podLevel ? [container.body, container.template.spec] : [container.body]) {
    if (isUnknownAt(scope, "securityContext", field)) return UNKNOWN;
    const value = at(scope, "securityContext", field);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** RDMA resources (`aliyun/erdma`, `rdma/hca`) the container asks for. */
export function rdmaResources(container: Container): string[] {
  const names = ["limits", "requests"].flatMap((kind) => Object.keys(objectAt(container.body, "resources", kind) ?? {}));
  return [...new Set(names.filter((name) => /(^|\/)e?rdma(\/|$)/.test(name)))];
}
