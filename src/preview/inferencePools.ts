/**
 * Which endpoints each inference-pool route reaches, read from the objects the stack applies: per
 * HTTPRoute backend, the InferencePool, its weight, its selector and target port, its endpoint
 * picker, and the serving workloads whose pods the selector matches (leaders only for multi-node
 * groups), with their replicas.
 */
import { kubernetesObjectOf, type PolicyObject } from "../policy/kubernetes.js";
import { isServingTemplate, podTemplatesOfObject, type PodTemplate } from "../policy/podTemplates.js";
import { mapSelectorMatches } from "../policy/selectors.js";
import { numberAt, objectsAt, stringAt, stringMapAt, stringsAt } from "../policy/values.js";
import type { RecordedResource } from "./recorder.js";

/** LeaderWorkerSet sets it on each pod; the leader is 0 (src/inferencePool/pool.ts). */
const WORKER_INDEX = "leaderworkerset.sigs.k8s.io/worker-index";

export interface PoolWorkload {
  /** `Deployment llm-serving/qwen-v1`, or `LeaderWorkerSet … leaderTemplate`. */
  readonly workload: string;
  /** Pods (groups' leaders for multi-node) it runs; null when it autoscales or is unknown. */
  readonly replicas: number | null;
  readonly leadersOnly: boolean;
}

export interface PoolBackendView {
  /** `<namespace>/<name>` of the InferencePool. */
  readonly pool: string;
  readonly weight: number;
  readonly selector: Readonly<Record<string, string>>;
  readonly targetPorts: readonly number[];
  /** `<name>:<port>` of its endpoint picker Service. */
  readonly picker: string;
  readonly workloads: readonly PoolWorkload[];
}

export interface InferencePoolRoute {
  /** `<namespace>/<name>` of the HTTPRoute. */
  readonly route: string;
  readonly hosts: readonly string[];
  /** `<namespace>/<name>` of the Gateway it attaches to. */
  readonly gateway: string;
  readonly backends: readonly PoolBackendView[];
}

export function objectsOf(resources: readonly RecordedResource[]): PolicyObject[] {
  return resources.map((r) => kubernetesObjectOf({ type: r.type, name: r.name, urn: r.urn, props: r.inputs })).filter((o): o is PolicyObject => o !== undefined);
}

/** The serving templates a pool's selector matches; the worker index is the LeaderWorkerSet's own, met by its serving (leader) template. */
export function templatesOfPool(pool: PolicyObject, serving: readonly PodTemplate[]): PodTemplate[] {
  const { [WORKER_INDEX]: leaderIndex, ...selector } = stringMapAt(pool.body, "spec", "selector", "matchLabels");
  if (Object.keys(selector).length === 0) return [];
  return serving.filter((t) => t.object.namespace === pool.namespace && mapSelectorMatches(selector, t.labels) && (leaderIndex === undefined || t.object.kind === "LeaderWorkerSet"));
}

export function inferencePoolRoutes(resources: readonly RecordedResource[]): InferencePoolRoute[] {
  const objects = objectsOf(resources);
  const serving = objects.flatMap(podTemplatesOfObject).filter(isServingTemplate);
  const pools = new Map(objects.filter((o) => o.kind === "InferencePool").map((p) => [`${p.namespace ?? "default"}/${p.name}`, p]));
  return objects
    .filter((o) => o.kind === "HTTPRoute")
    .flatMap((route) => {
      const namespace = route.namespace ?? "default";
      const rules = objectsAt(route.body, "spec", "rules");
      const refs = rules.flatMap((rule) => objectsAt(rule, "backendRefs")).filter((ref) => stringAt(ref, "kind") === "InferencePool");
      if (refs.length === 0) return [];
      const parent = objectsAt(route.body, "spec", "parentRefs")[0];
      const backends = refs.flatMap((ref): PoolBackendView[] => {
        const key = `${stringAt(ref, "namespace") ?? namespace}/${stringAt(ref, "name") ?? ""}`;
        const pool = pools.get(key);
        if (pool === undefined) return [];
        const selector = stringMapAt(pool.body, "spec", "selector", "matchLabels");
        return [
          {
            pool: key,
            weight: numberAt(ref, "weight") ?? 1,
            selector,
            targetPorts: objectsAt(pool.body, "spec", "targetPorts").flatMap((port) => numberAt(port, "number") ?? []),
            picker: `${stringAt(pool.body, "spec", "endpointPickerRef", "name") ?? "?"}:${numberAt(pool.body, "spec", "endpointPickerRef", "port", "number") ?? "?"}`,
            workloads: templatesOfPool(pool, serving).map((t) => ({ workload: t.where, replicas: t.replicas ?? null, leadersOnly: selector[WORKER_INDEX] !== undefined })),
          },
        ];
      });
      return [
        {
          route: `${namespace}/${route.name}`,
          hosts: stringsAt(route.body, "spec", "hostnames"),
          gateway: `${stringAt(parent, "namespace") ?? namespace}/${stringAt(parent, "name") ?? "?"}`,
          backends,
        },
      ];
    });
}

/** The preview's lines: one block per route, one line per pool and what it selects. */
export function formatInferencePools(routes: readonly InferencePoolRoute[]): string[] {
  return routes.flatMap((route) => [
    `${route.route} (Gateway ${route.gateway}): ${route.hosts.join(", ")}`,
    ...route.backends.flatMap((backend) => [
      `  ${String(backend.weight).padStart(3)}%  InferencePool ${backend.pool} on port ${backend.targetPorts.join(", ")}, picker ${backend.picker}`,
      `        selects ${Object.entries(backend.selector).map(([k, v]) => `${k}=${v}`).join(", ")}`,
      ...(backend.workloads.length === 0
        ? ["        ✗ no serving pods match: the pool has no endpoints"]
        : backend.workloads.map((w) => `        → ${w.workload}: ${w.replicas ?? "autoscaled"} ${w.leadersOnly ? "group leader(s)" : "pod(s)"}`)),
    ]),
  ]);
}
