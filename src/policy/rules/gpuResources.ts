/**
 * Resources of GPU pods: multi-GPU and multi-node pods need a memory-backed /dev/shm for NCCL, and
 * the memory limit has to cover it, because an emptyDir of medium Memory counts against the limit.
 */
import { containerGpus, containersOf, GPU_RESOURCES, isGpuTemplate, podGpus, podTemplatesOf, type Container, type PodTemplate } from "../podTemplates.js";
import { formatGiB, GIB, parseQuantity } from "../quantity.js";
import { violation, type PolicyResource, type ResourceRule, type Violation } from "../types.js";
import { at, objectsAt, stringAt, type PlainObject } from "../values.js";

/** Docker's 64 MiB default makes NCCL fail (production-stack #276); below 1 GiB is not a real shm. */
const MIN_SHM_BYTES = GIB;
/** What the workload builders give tensor-parallel and multi-node pods. */
const RECOMMENDED_SHM = "16Gi";

interface Shm {
  readonly volume: PlainObject;
  readonly name: string;
  /** sizeLimit in bytes; undefined when unset or unknown. */
  readonly sizeBytes: number | undefined;
}

/** The memory-backed emptyDir volume mounted at /dev/shm in the container, if any. */
function shmOf(container: Container): Shm | undefined {
  const mount = objectsAt(container.body, "volumeMounts").find((volumeMount) => stringAt(volumeMount, "mountPath") === "/dev/shm");
  const name = stringAt(mount, "name");
  const volume = objectsAt(container.template.spec, "volumes").find((candidate) => stringAt(candidate, "name") === name);
  if (name === undefined || volume === undefined || stringAt(volume, "emptyDir", "medium") !== "Memory") return undefined;
  return { volume, name, sizeBytes: parseQuantity(at(volume, "emptyDir", "sizeLimit")) };
}

function needsShm(template: PodTemplate): boolean {
  return podGpus(template) > 1 || (template.multiNode && isGpuTemplate(template));
}

export const shmRequired: ResourceRule = {
  name: "shm-required",
  description: `Pods with more than one GPU or in a multi-node group mount an emptyDir of medium Memory at /dev/shm with a sizeLimit of at least 1Gi (${RECOMMENDED_SHM} recommended).`,
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "skipped",
  check(resource) {
    return podTemplatesOf(resource)
      .filter(needsShm)
      .flatMap((template) => containersOf(template).filter((container) => containerGpus(container) > 0))
      .flatMap((container): Violation[] => {
        const shm = shmOf(container);
        const why = "NCCL exchanges tensors through /dev/shm, and the container runtime's 64 MiB default makes collective operations fail or hang";
        if (shm === undefined) {
          return [violation(this.name, resource, { what: `${container.where} has no memory-backed /dev/shm`, why, fix: `add a volume { emptyDir: { medium: Memory, sizeLimit: ${RECOMMENDED_SHM} } } mounted at /dev/shm` })];
        }
        if (shm.sizeBytes === undefined && at(shm.volume, "emptyDir", "sizeLimit") === undefined) {
          return [violation(this.name, resource, {
            what: `${container.where} mounts /dev/shm volume "${shm.name}" without a sizeLimit`,
            why: "an unbounded memory-backed emptyDir can grow until the pod is OOM-killed",
            fix: `set emptyDir.sizeLimit (e.g. ${RECOMMENDED_SHM}) and budget it into the memory limit`,
          })];
        }
        if (shm.sizeBytes !== undefined && shm.sizeBytes < MIN_SHM_BYTES) {
          return [violation(this.name, resource, { what: `${container.where} has a /dev/shm of only ${formatGiB(shm.sizeBytes)}`, why, fix: `raise emptyDir.sizeLimit of "${shm.name}" to ${RECOMMENDED_SHM}` })];
        }
        return [];
      });
  },
};

/** Host memory an engine process tree needs besides /dev/shm (Python, tokenizer, pinned buffers). */
const MIN_ENGINE_HOST_BYTES = 8 * 2 ** 30;

function memoryBudgetViolations(rule: string, resource: PolicyResource, container: Container): Violation[] {
  const found: Violation[] = [];
  const limitField = at(container.body, "resources", "limits", "memory");
  const limit = parseQuantity(limitField);
  const request = parseQuantity(at(container.body, "resources", "requests", "memory"));
  if (limitField === undefined) {
    found.push(violation(rule, resource, {
      what: `${container.where} has no memory limit`,
      why: "a GPU pod that loads weights through host RAM can exhaust the node and get other pods evicted",
      fix: "set resources.limits.memory to the host RAM the engine needs plus the /dev/shm size",
    }));
  }
  const shm = shmOf(container);
  // Guaranteed QoS sets request = limit, so the limit itself must hold the shm and the engine.
  if (limit !== undefined && shm?.sizeBytes !== undefined && limit - shm.sizeBytes < MIN_ENGINE_HOST_BYTES) {
    found.push(
      violation(rule, resource, {
        what: `${container.where} has memory limit ${formatGiB(limit)} of which /dev/shm may take ${formatGiB(shm.sizeBytes)}, leaving ${formatGiB(limit - shm.sizeBytes)} for the engine process`,
        why: `pages written to a memory-backed emptyDir count against the container's memory limit, and an engine needs at least ${formatGiB(MIN_ENGINE_HOST_BYTES)} of host memory besides, so NCCL traffic pushes it into an OOM kill`,
        fix: `raise resources.limits.memory to at least ${formatGiB(shm.sizeBytes + MIN_ENGINE_HOST_BYTES)}`,
      }),
    );
  }
  if (limit !== undefined && request !== undefined && request > limit) {
    found.push(violation(rule, resource, {
      what: `${container.where} requests ${formatGiB(request)} of memory, more than its limit ${formatGiB(limit)}`,
      why: "the API server rejects a request above the limit",
      fix: "set resources.requests.memory equal to the limit (Guaranteed QoS keeps GPU pods the last to be evicted)",
    }));
  }
  for (const gpuResource of GPU_RESOURCES) {
    const requested = at(container.body, "resources", "requests", gpuResource);
    const limited = at(container.body, "resources", "limits", gpuResource);
    if (requested !== undefined && parseQuantity(requested) !== undefined && parseQuantity(requested) !== parseQuantity(limited)) {
      found.push(violation(rule, resource, {
        what: `${container.where} requests ${String(requested)} ${gpuResource} but limits ${String(limited ?? "none")}`,
        why: "extended resources such as GPUs cannot be overcommitted: the API server rejects a request without an equal limit",
        fix: `set resources.limits.${gpuResource} equal to the request`,
      }));
    }
  }
  if (at(container.body, "resources", "limits", "ephemeral-storage") === undefined) {
    found.push(violation(rule, resource, {
      what: `${container.where} has no ephemeral-storage limit`,
      why: "compile caches and downloaded weights fill the node disk, and the kubelet then evicts every pod on the node",
      fix: "set resources.requests and resources.limits for ephemeral-storage",
    }));
  }
  return found;
}

export const memoryBudget: ResourceRule = {
  name: "memory-budget",
  description: "GPU containers set a memory limit that holds /dev/shm plus at least 8Gi for the engine, GPU requests equal to limits, and an ephemeral-storage limit.",
  defaultEnforcement: "advisory",
  scope: "resource",
  chartObjects: "skipped",
  check(resource) {
    return podTemplatesOf(resource)
      .flatMap(containersOf)
      .filter((container) => containerGpus(container) > 0)
      .flatMap((container) => memoryBudgetViolations(this.name, resource, container));
  },
};
