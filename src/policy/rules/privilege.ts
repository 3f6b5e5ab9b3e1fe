/**
 * Container privilege: no privileged containers, every capability dropped, and no root user except
 * for vendor images that need it, under a documented waiver, and for the chart workloads listed in
 * `CHART_EXEMPTIONS` (the DCGM exporter).
 */
import { chartExemptionFor } from "../chartExemptions.js";
import { parseImage, repositoryMatches } from "../imageReference.js";
import { containersOf, podTemplatesOf, rdmaResources, securitySetting, type Container } from "../podTemplates.js";
import { violation, type PolicyResource, type ResourceRule, type Violation } from "../types.js";
import { isUnknown, isUnknownAt, stringAt, stringsAt } from "../values.js";

/** Annotation (on the workload or its pod template) that documents why a vendor image runs as root. */
export const NON_ROOT_WAIVER_ANNOTATION = "llmfleet.io/waiver-non-root";

function containers(resource: PolicyResource): Container[] {
  return podTemplatesOf(resource).flatMap(containersOf);
}

export const noPrivileged: ResourceRule = {
  name: "no-privileged",
  description: "Containers must not run privileged or allow privilege escalation.",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "checked",
  check(resource) {
    return containers(resource).flatMap((container): Violation[] => {
      const privileged = securitySetting(container, "privileged", false);
      const escalation = securitySetting(container, "allowPrivilegeEscalation", false);
      if (isUnknown(privileged) || isUnknown(escalation)) {
        return [violation(this.name, resource, {
          what: `${container.where} has securityContext.privileged or allowPrivilegeEscalation unknown during preview`,
          why: "a security setting that is only known after deployment cannot be checked before it",
          fix: "set securityContext.privileged and allowPrivilegeEscalation from plain values, not Outputs",
        })];
      }
      if (privileged === true) {
        return [violation(this.name, resource, {
          what: `${container.where} runs privileged`,
          why: "a privileged container has every capability and all host devices, so a compromised model server owns the GPU node",
          fix: "remove securityContext.privileged; GPUs are exposed by the device plugin through nvidia.com/gpu limits",
        })];
      }
      if (escalation !== false) {
        return [violation(this.name, resource, {
          what: `${container.where} does not set securityContext.allowPrivilegeEscalation: false`,
          why: "setuid binaries in the image could gain privileges (Pod Security Standards restricted requires false)",
          fix: "set securityContext.allowPrivilegeEscalation: false",
        })];
      }
      return [];
    });
  },
};

/** The only capability Pod Security Standards `restricted` lets a container add back. */
const ALWAYS_ALLOWED_CAPABILITIES = new Set(["NET_BIND_SERVICE"]);

export const capsDropAll: ResourceRule = {
  name: "caps-drop-all",
  description: "Containers must drop ALL capabilities and add none back, except IPC_LOCK for containers that use RDMA.",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "checked",
  check(resource) {
    return containers(resource).flatMap((container): Violation[] => {
      const capabilities = securitySetting(container, "capabilities", false);
      if (isUnknown(capabilities) || isUnknownAt(capabilities, "drop") || isUnknownAt(capabilities, "add")) {
        return [violation(this.name, resource, {
          what: `${container.where} has securityContext.capabilities unknown during preview`,
          why: "a security setting that is only known after deployment cannot be checked before it",
          fix: "set securityContext.capabilities from plain values",
        })];
      }
      const found: Violation[] = [];
      if (!stringsAt(capabilities, "drop").includes("ALL")) {
        found.push(violation(this.name, resource, {
          what: `${container.where} does not drop ALL capabilities`,
          why: "the default set (NET_RAW, CHOWN, SETUID, …) is more than a model server needs and widens what an exploit can do",
          fix: 'set securityContext.capabilities.drop: ["ALL"]',
        }));
      }
      const rdma = rdmaResources(container);
      const exempted = chartExemptionFor(resource, container.template.object)?.addedCapabilities?.[container.name] ?? [];
      for (const added of stringsAt(capabilities, "add")) {
        if (ALWAYS_ALLOWED_CAPABILITIES.has(added) || exempted.includes(added)) continue;
        if (added === "IPC_LOCK" && rdma.length > 0) continue;
        const why = added === "IPC_LOCK" ? "IPC_LOCK pins memory for RDMA and is only needed by containers that request an RDMA device" : `${added} is not needed to serve a model`;
        const fix = added === "IPC_LOCK" ? "request the RDMA resource (aliyun/erdma or rdma/hca) in the same container, or remove IPC_LOCK" : `remove ${added} from securityContext.capabilities.add`;
        found.push(violation(this.name, resource, { what: `${container.where} adds capability ${added}`, why, fix }));
      }
      return found;
    });
  },
};

export const nonRoot: ResourceRule = {
  name: "non-root",
  description: `Containers must run as a non-root user; vendor images that need root are waived by a "${NON_ROOT_WAIVER_ANNOTATION}" annotation giving the reason, if the image is on the waivable list.`,
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "checked",
  settings: ["nonRootWaivableImages"],
  check(resource, config) {
    return containers(resource).flatMap((container): Violation[] => {
      const runAsNonRoot = securitySetting(container, "runAsNonRoot");
      const runAsUser = securitySetting(container, "runAsUser");
      if (isUnknown(runAsNonRoot) || isUnknown(runAsUser)) {
        return [violation(this.name, resource, {
          what: `${container.where} has runAsNonRoot or runAsUser unknown during preview`,
          why: "a security setting that is only known after deployment cannot be checked before it",
          fix: "set securityContext.runAsNonRoot and runAsUser from plain values",
        })];
      }
      const user = typeof runAsUser === "number" ? runAsUser : undefined;
      const nonRootUser = runAsNonRoot === true ? user !== 0 : user !== undefined && user > 0;
      if (nonRootUser || chartExemptionFor(resource, container.template.object)?.rootContainers?.includes(container.name) === true) return [];
      const image = stringAt(container.body, "image");
      const reason = container.template.annotations[NON_ROOT_WAIVER_ANNOTATION]?.trim() ?? "";
      const waivable = image !== undefined && config.nonRootWaivableImages.some((pattern) => repositoryMatches(parseImage(image).repository, pattern));
      if (waivable && reason !== "") return [];
      const what = `${container.where} may run as root (image ${image ?? "unknown"})`;
      const why = "a root process that escapes the container owns the GPU node and its credentials";
      if (waivable) {
        return [violation(this.name, resource, { what, why, fix: `set securityContext.runAsNonRoot: true with a non-zero runAsUser, or, since this vendor image needs root, document the waiver with the annotation ${NON_ROOT_WAIVER_ANNOTATION}: "<reason>" on the pod template` })];
      }
      const waiverNote = reason === "" ? "" : ` (the ${NON_ROOT_WAIVER_ANNOTATION} annotation only waives images on the nonRootWaivableImages list)`;
      return [violation(this.name, resource, { what, why, fix: `set securityContext.runAsNonRoot: true with a non-zero runAsUser${waiverNote}` })];
    });
  },
};
