/**
 * Builds the `alicloud.cs.NodePool` arguments of a GPU pool as plain data (everything but the
 * cluster id and vSwitch ids, which the component wires from Outputs), and the `PoolPlacement`
 * workloads use to land on it.
 */
import { essdThroughputMiBps } from "./essdThroughput.js";
import type { GpuPoolSpec } from "./nodePoolSpec.js";
import { allocatable, nodeReservation } from "./reservation.js";
import { TERWAY_CONFIG_LABEL, TERWAY_ERDMA_CONFIG } from "./terwayErdma.js";
import type { PoolPlacement, Toleration } from "./types.js";

export const POOL_LABEL = "llmfleet.io/pool";
export const GPU_LABEL = "llmfleet.io/gpu";
export const ERDMA_LABEL = "llmfleet.io/erdma";
/** ACK installs the NVIDIA driver of this version on nodes that carry the label. */
export const DRIVER_VERSION_LABEL = "ack.aliyun.com/nvidia-driver-version";

/** Keeps non-GPU pods off GPU nodes; every GPU workload tolerates it. */
export const GPU_TAINT = { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" } as const;

/** Where ACK formats and mounts the optional model-cache data disk. */
export const MODEL_CACHE_MOUNT_PATH = "/mnt/model-cache";

export interface NodePoolLabel {
  key: string;
  value: string;
}

export interface NodePoolDataDisk {
  category: string;
  size: number;
  performanceLevel: string;
  autoFormat: string;
  fileSystem: string;
  mountTarget: string;
}

/** The plain part of `alicloud.cs.NodePoolArgs` for a GPU pool. */
export interface NodePoolSettings {
  nodePoolName: string;
  instanceTypes: string[];
  instanceChargeType: "PostPaid";
  spotStrategy: "NoSpot" | "SpotAsPriceGo";
  multiAzPolicy: "BALANCE";
  imageType: string;
  systemDiskCategory: "cloud_essd";
  systemDiskSize: number;
  systemDiskPerformanceLevel: string;
  dataDisks: NodePoolDataDisk[];
  labels: NodePoolLabel[];
  taints: { key: string; value: string; effect: string }[];
  /** Re-label and re-taint existing nodes when the pool's labels change. */
  updateNodes: boolean;
  /** A string in the provider schema; set only for fixed-size pools. */
  desiredSize?: string;
  scalingConfig?: { enable: boolean; minSize: number; maxSize: number; type: "gpu" };
  management: { enable: boolean; autoRepair: boolean; autoUpgrade: boolean; autoVulFix: boolean; maxUnavailable: number };
  kubeletConfiguration: {
    kubeReserved: Record<string, string>;
    systemReserved: Record<string, string>;
    evictionHard: Record<string, string>;
  };
  tags: Record<string, string>;
}

/** Every node label of the pool: llmfleet's own, the driver pin, then the user's (which cannot override llmfleet's). */
export function poolLabels(pool: GpuPoolSpec): Record<string, string> {
  return {
    ...pool.labels,
    ...(pool.nvidiaDriverVersion === undefined ? {} : { [DRIVER_VERSION_LABEL]: pool.nvidiaDriverVersion }),
    // Terway reads the eRDMA nodes' ENI whitelist from the node-level configuration (terwayErdma.ts).
    ...(pool.erdma ? { [ERDMA_LABEL]: "true", [TERWAY_CONFIG_LABEL]: TERWAY_ERDMA_CONFIG } : {}),
    [POOL_LABEL]: pool.poolName,
    [GPU_LABEL]: pool.gpu.name,
  };
}

export function nodePoolSettings(pool: GpuPoolSpec): NodePoolSettings {
  const reservation = nodeReservation(pool.instance);
  const halfCpu = `${reservation.reservedCpuMillis / 2}m`;
  const halfMemory = `${reservation.reservedMemoryMiB / 2}Mi`;
  const size =
    pool.scaling.kind === "fixed"
      ? { desiredSize: String(pool.scaling.nodes) }
      : { scalingConfig: { enable: true, minSize: pool.scaling.minNodes, maxSize: pool.scaling.maxNodes, type: "gpu" as const } };
  return {
    nodePoolName: pool.poolName,
    instanceTypes: [pool.instance.name],
    instanceChargeType: "PostPaid",
    spotStrategy: pool.spot ? "SpotAsPriceGo" : "NoSpot",
    multiAzPolicy: "BALANCE",
    imageType: pool.imageType,
    systemDiskCategory: "cloud_essd",
    systemDiskSize: pool.systemDiskGiB,
    systemDiskPerformanceLevel: pool.systemDiskPerformanceLevel,
    dataDisks:
      pool.modelCacheDiskGiB === undefined
        ? []
        : [
            {
              category: "cloud_essd",
              size: pool.modelCacheDiskGiB,
              performanceLevel: pool.systemDiskPerformanceLevel,
              autoFormat: "true",
              fileSystem: "ext4",
              mountTarget: MODEL_CACHE_MOUNT_PATH,
            },
          ],
    labels: Object.entries(poolLabels(pool)).map(([key, value]) => ({ key, value })),
    taints: [{ ...GPU_TAINT }],
    updateNodes: true,
    ...size,
    // Driver and kernel changes on GPU nodes are planned events, never automatic ones.
    management: { enable: true, autoRepair: pool.autoRepair, autoUpgrade: false, autoVulFix: false, maxUnavailable: 1 },
    kubeletConfiguration: {
      kubeReserved: { cpu: halfCpu, memory: halfMemory },
      systemReserved: { cpu: halfCpu, memory: halfMemory },
      evictionHard: { "memory.available": `${reservation.evictionMemoryMiB}Mi` },
    },
    tags: { "llmfleet.io/pool": pool.poolName, "llmfleet.io/managed-by": "pulumi" },
  };
}

export function gpuTolerations(): Toleration[] {
  return [{ key: GPU_TAINT.key, operator: "Equal", value: GPU_TAINT.value, effect: GPU_TAINT.effect }];
}

/** What a workload needs to land on the pool, known before anything is deployed. */
export function poolPlacement(pool: GpuPoolSpec): PoolPlacement {
  const perNode = allocatable(pool.instance);
  return {
    poolName: pool.poolName,
    nodeSelector: { [POOL_LABEL]: pool.poolName },
    tolerations: gpuTolerations(),
    instanceType: pool.instance.name,
    gpu: pool.gpu.name,
    gpusPerNode: pool.instance.gpuCount,
    allocatableCpuMillis: perNode.cpuMillis,
    allocatableMemoryMiB: perNode.memoryMiB,
    erdma: pool.erdma,
    ...(pool.modelCacheDiskGiB === undefined
      ? {}
      : { modelCache: { diskGiB: pool.modelCacheDiskGiB, readThroughputMiBps: essdThroughputMiBps(pool.systemDiskPerformanceLevel, pool.modelCacheDiskGiB) } }),
  };
}
