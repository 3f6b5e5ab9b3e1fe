/**
 * What a workload needs to know about the GPU node pool it lands on. `GpuNodePool` exposes this as
 * plain data so that the pure manifest builders never touch Pulumi.
 */
export interface Toleration {
  readonly key: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface PoolPlacement {
  /** Pool name (`llmfleet.io/pool` label value). */
  readonly poolName: string;
  /** Labels a pod must select to land on the pool. */
  readonly nodeSelector: Readonly<Record<string, string>>;
  /** Tolerations for the pool's taints (always includes `nvidia.com/gpu=present:NoSchedule`). */
  readonly tolerations: readonly Toleration[];
  readonly instanceType: string;
  /** Canonical GPU name (a key of the GPU catalogue). */
  readonly gpu: string;
  readonly gpusPerNode: number;
  /** CPU a pod can request on one node after kubelet/system reservations, in millicores. */
  readonly allocatableCpuMillis: number;
  /** Memory a pod can request on one node after reservations, in MiB. */
  readonly allocatableMemoryMiB: number;
  /** Nodes have elastic RDMA (resource `aliyun/erdma`). */
  readonly erdma: boolean;
  /** The nodes' model-cache data disk mounted at /mnt/model-cache; absent when the pool has none. */
  readonly modelCache?: ModelCacheDisk | undefined;
}

/** A pool's ESSD data disk for the node-local weights cache. */
export interface ModelCacheDisk {
  readonly diskGiB: number;
  /** Sustained read throughput of the disk (ESSD table for its performance level and size). */
  readonly readThroughputMiBps: number;
}

/** Where the model weights are mounted from: produced by `ModelStorage`, consumed by `InferenceDeployment`. */
export interface ModelVolume {
  /** PersistentVolumeClaim holding the weights (ReadOnlyMany). */
  readonly claimName: string;
  /** Path inside the container where the claim is mounted read-only. */
  readonly mountPath: string;
  /**
   * @deprecated a deployment's `modelPath` names its folder. Still honoured when non-empty and the
   * deployment names no `modelPath`.
   */
  readonly subPath?: string;
  /** Sustained read throughput of the storage in MiB/s, used to size the startup probe. */
  readonly readThroughputMiBps: number;
  /** ServiceAccount that is allowed to read the storage (RRSA role binding), or null when any may. */
  readonly serviceAccountName: string | null;
  /** The same weights as an S3-compatible object store (OSS); absent for NAS. */
  readonly objectStore?: ObjectStore | undefined;
}

export interface ObjectStore {
  readonly bucket: string;
  /** Prefix of the mounted volume inside the bucket, without slashes; `` for the bucket root. */
  readonly prefix: string;
  /** S3-compatible endpoint URL inside the VPC. */
  readonly s3Endpoint: string;
}
