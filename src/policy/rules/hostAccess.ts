/**
 * Host access: no host namespaces or host ports, and no hostPath volumes. The exceptions are
 * `hostNetwork` for multi-node groups that use RDMA, which some eRDMA setups need, the chart
 * workloads whose job is the node itself (`CHART_EXEMPTIONS`: node-exporter, the DCGM exporter),
 * and the node's model-cache disk for llmfleet's own inference pods (`isModelCacheVolume`).
 */
import { MODEL_CACHE_MOUNT_PATH } from "../../cluster/nodePoolSettings.js";
import { chartExemptionFor } from "../chartExemptions.js";
import { containersOf, podTemplatesOf, rdmaResources, type PodTemplate } from "../podTemplates.js";
import { violation, type PolicyResource, type ResourceRule, type Violation } from "../types.js";
import { at, isUnknown, isUnknownAt, objectsAt, stringAt } from "../values.js";

const HOST_NAMESPACES = ["hostNetwork", "hostPID", "hostIPC"] as const;

function usesRdma(template: PodTemplate): boolean {
  return containersOf(template).some((container) => rdmaResources(container).length > 0);
}

function hostNamespaceViolations(rule: string, resource: PolicyResource, template: PodTemplate): Violation[] {
  const exempted = chartExemptionFor(resource, template.object)?.hostNamespaces ?? [];
  return HOST_NAMESPACES.filter((field) => !exempted.includes(field)).flatMap((field): Violation[] => {
    const value = at(template.spec, field);
    if (isUnknown(value)) {
      return [violation(rule, resource, {
        what: `${template.where} has ${field} unknown during preview`,
        why: "a security setting that is only known after deployment cannot be checked before it",
        fix: `set ${field} from a plain value`,
      })];
    }
    if (value !== true) return [];
    if (field === "hostNetwork" && template.multiNode && usesRdma(template)) return [];
    const why =
      field === "hostNetwork"
        ? "the pod sees every host interface and can reach node-local services; only multi-node RDMA groups need it"
        : `the pod shares the node's ${field === "hostPID" ? "process table" : "IPC namespace"} and can inspect or signal other workloads`;
    const fix = field === "hostNetwork" ? "remove hostNetwork, or request the RDMA resource (aliyun/erdma) in a multi-node group that needs it" : `remove ${field}`;
    return [violation(rule, resource, { what: `${template.where} sets ${field}: true`, why, fix })];
  });
}

function hostPortViolations(rule: string, resource: PolicyResource, template: PodTemplate): Violation[] {
  if (at(template.spec, "hostNetwork") === true) return [];
  return containersOf(template).flatMap((container) =>
    objectsAt(container.body, "ports")
      .filter((port) => at(port, "hostPort") !== undefined)
      .map((port) =>
        violation(rule, resource, {
          what: `${container.where} binds hostPort ${String(at(port, "hostPort"))}`,
          why: "a host port exposes the model server on the node's address, outside Services and NetworkPolicies",
          fix: "remove hostPort and reach the container through a ClusterIP Service",
        }),
      ),
  );
}

export const hostNamespaces: ResourceRule = {
  name: "host-namespaces",
  description: "Pods must not share the host's network, PID or IPC namespace or bind host ports (hostNetwork is allowed for multi-node RDMA groups).",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "checked",
  check(resource) {
    return podTemplatesOf(resource).flatMap((template) => [...hostNamespaceViolations(this.name, resource, template), ...hostPortViolations(this.name, resource, template)]);
  },
};

/**
 * The one hostPath llmfleet itself mounts: the pool's model-cache data disk (ACK mounts it at
 * /mnt/model-cache), on a pod labelled as an llmfleet inference workload, as `DirectoryOrCreate`
 * (never a file, socket or device), at that path or a folder under it. Anything else stays refused.
 */
export function isModelCacheVolume(template: PodTemplate, volume: unknown): boolean {
  const path = stringAt(volume, "hostPath", "path") ?? "";
  const underCache = path === MODEL_CACHE_MOUNT_PATH || (path.startsWith(`${MODEL_CACHE_MOUNT_PATH}/`) && !path.split("/").includes(".."));
  const inferencePod = template.labels["app.kubernetes.io/part-of"] === "llmfleet" && template.labels["app.kubernetes.io/component"] === "inference";
  return underCache && inferencePod && stringAt(volume, "hostPath", "type") === "DirectoryOrCreate";
}

export const noHostPath: ResourceRule = {
  name: "no-hostpath",
  description: "Pods must not mount hostPath volumes (llmfleet inference pods may mount the node's /mnt/model-cache disk as DirectoryOrCreate).",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "checked",
  check(resource) {
    return podTemplatesOf(resource).flatMap((template): Violation[] => {
      if (isUnknownAt(template.spec, "volumes")) {
        return [violation(this.name, resource, {
          what: `${template.where} has volumes unknown during preview`,
          why: "a hostPath volume could hide behind a value that is only known after deployment",
          fix: "build the volumes list from plain values",
        })];
      }
      const exempted = chartExemptionFor(resource, template.object)?.hostPaths ?? [];
      return objectsAt(template.spec, "volumes")
        .filter((volume) => at(volume, "hostPath") !== undefined && !exempted.includes(stringAt(volume, "hostPath", "path") ?? "") && !isModelCacheVolume(template, volume))
        .map((volume) =>
          violation(this.name, resource, {
            what: `${template.where} mounts hostPath volume "${stringAt(volume, "name") ?? "(unnamed)"}" (${stringAt(volume, "hostPath", "path") ?? "unknown path"})`,
            why: "a host directory lets the pod read or change node files, and ties the pod to one node's disk",
            fix: "serve weights from a PersistentVolumeClaim (OSS or NAS CSI) and use an emptyDir for caches",
          }),
        );
    });
  },
};
