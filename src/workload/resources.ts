import { engineDefinition } from "../engines/index.js";
import { LlmfleetError } from "../errors/index.js";
import type { InferenceDeploymentSpec } from "./spec.js";

/**
 * CPU and memory of an engine pod. Memory request equals limit (Guaranteed QoS, so GPU pods are the
 * last to be evicted), and the limit covers the memory-backed /dev/shm, which counts against it,
 * plus the engine's host memory. Requests fit the pod's share of a node: several pods may share a
 * node when each takes only some of its GPUs.
 */

/** Host memory of an engine process tree: Python, tokenizer, pinned transfer buffers, CUDA host allocations. */
export const ENGINE_BASE_HOST_GiB = 8;
export const ENGINE_HOST_GiB_PER_GPU = 4;
/** Cores for the API server and scheduler, and per GPU for its worker process. */
const BASE_CPU_MILLIS = 2000;
const CPU_MILLIS_PER_GPU = 4000;
/** Leaves room on the node for the DaemonSets (device plugin, DCGM exporter, CSI, log agent). */
const NODE_SHARE = 0.9;

export const EPHEMERAL_REQUEST = "10Gi";
export const EPHEMERAL_LIMIT = "50Gi";

export interface PodResources {
  readonly gpus: number;
  readonly cpuMillis: number;
  readonly shmMiB: number;
  readonly hostMemoryMiB: number;
  /** Request and limit: shm plus host memory. */
  readonly memoryMiB: number;
  /** Requests one `aliyun/erdma` device. */
  readonly erdma: boolean;
}

export interface EnginePodInput {
  readonly gpus: number;
  readonly shmGiB: number;
  readonly erdma: boolean;
}

/** Sizes an engine pod; throws when it cannot fit its share of a pool node. */
export function enginePodResources(spec: InferenceDeploymentSpec, input: EnginePodInput): PodResources {
  const { placement } = spec;
  const share = input.gpus / placement.gpusPerNode;
  const shmMiB = Math.ceil(input.shmGiB * 1024);
  const workload = engineDefinition(spec.engine).workload;
  const extraHostGiB = workload.kind === "serving" ? workload.extraHostGiB(spec) : 0;
  const hostMemoryMiB = (ENGINE_BASE_HOST_GiB + ENGINE_HOST_GiB_PER_GPU * input.gpus + extraHostGiB) * 1024;
  const memoryMiB = shmMiB + hostMemoryMiB;
  const memoryShareMiB = Math.floor(placement.allocatableMemoryMiB * share);
  if (memoryMiB > memoryShareMiB) {
    throw new LlmfleetError(
      "placement.allocatableMemoryMiB",
      placement.allocatableMemoryMiB,
      `a pod with ${input.gpus} of the node's ${placement.gpusPerNode} GPUs needs ${memoryMiB} MiB (${shmMiB} MiB /dev/shm + ${hostMemoryMiB} MiB engine host memory) ` +
        `but its share of ${placement.instanceType} is ${memoryShareMiB} MiB`,
      "use a pool whose instance type has more memory per GPU",
    );
  }
  const cpuShareMillis = Math.floor((placement.allocatableCpuMillis * share * NODE_SHARE) / 100) * 100;
  return {
    gpus: input.gpus,
    cpuMillis: Math.min(BASE_CPU_MILLIS + CPU_MILLIS_PER_GPU * input.gpus, cpuShareMillis),
    shmMiB,
    hostMemoryMiB,
    memoryMiB,
    erdma: input.erdma,
  };
}

/** The MPI launcher only runs `mpirun`: no GPU, no shm, lands on a CPU pool. */
export const LAUNCHER_RESOURCES: PodResources = { gpus: 0, cpuMillis: 500, shmMiB: 0, hostMemoryMiB: 1024, memoryMiB: 1024, erdma: false };

/**
 * Container resource requirements. GPU (and eRDMA) requests equal limits; no CPU limit, because CFS
 * throttling stalls the engine's scheduling loop while the GPU idles.
 */
export function resourceRequirements(resources: PodResources): { requests: Record<string, string>; limits: Record<string, string> } {
  const devices: Record<string, string> = {
    ...(resources.gpus > 0 ? { "nvidia.com/gpu": String(resources.gpus) } : {}),
    ...(resources.erdma ? { "aliyun/erdma": "1" } : {}),
  };
  const gpuPod = resources.gpus > 0;
  return {
    requests: {
      cpu: `${resources.cpuMillis}m`,
      memory: `${resources.memoryMiB}Mi`,
      "ephemeral-storage": gpuPod ? EPHEMERAL_REQUEST : "1Gi",
      ...devices,
    },
    limits: {
      memory: `${resources.memoryMiB}Mi`,
      "ephemeral-storage": gpuPod ? EPHEMERAL_LIMIT : "2Gi",
      ...devices,
    },
  };
}
