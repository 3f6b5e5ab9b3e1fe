import type { ExtraEnv } from "./spec.js";

/** A container environment variable as Kubernetes takes it. */
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: Readonly<Record<string, unknown>>;
}

/** The pod network interface: NCCL and Gloo must not pick loopback or a CNI bridge. */
export const POD_INTERFACE = "eth0";
/**
 * The eRDMA devices NCCL may use, as a prefix: `erdma` matches every `erdma_N` device (NCCL user
 * guide, NCCL_IB_HCA: "mlx5: use all ports of all cards starting with mlx5"). With
 * `allocateAllDevices` (src/operators/erdma.ts) a pod gets all of its node's devices, and ACK's
 * NCCL example reports traffic on both `erdma_0` and `erdma_1`.
 */
export const ERDMA_HCA = "erdma";
/**
 * The GID index of eRDMA's RoCE v2 IPv4 address, as ACK's NCCL example sets it (ACK help "Use eRDMA
 * to accelerate container networks", scenario 1: `NCCL_IB_GID_INDEX: "1"`); without it NCCL takes
 * GID 0, which eRDMA does not route.
 */
export const ERDMA_GID_INDEX = "1";

export function literal(name: string, value: string): EnvVar {
  return { name, value };
}

export function fromSecret(name: string, secretName: string, key: string): EnvVar {
  return { name, valueFrom: { secretKeyRef: { name: secretName, key } } };
}

export function podIp(name: string): EnvVar {
  return { name, valueFrom: { fieldRef: { fieldPath: "status.podIP" } } };
}

/**
 * Collective-communication settings. eRDMA verbs only when the pods use the device (a multi-node
 * group on an eRDMA pool), with what Alibaba's examples set: the socket interface and GID index of
 * ACK's NCCL example, and `NCCL_NET_GDR_LEVEL=SYS` of the controller's NCCL benchmark
 * (alibabacloud-erdma-controller v0.2.11 docs/erdma-benchmark/nccl-bench.sh, "single-NIC + GDR"),
 * which GPUDirect RDMA needs across the PCIe switches of an 8-GPU node (the `ofed` driver loads
 * nvidia-peermem). A multi-node group without eRDMA is told not to probe for InfiniBand.
 */
export function ncclEnvironment(options: { readonly multiNode: boolean; readonly erdma: boolean }): EnvVar[] {
  const env = [literal("NCCL_SOCKET_IFNAME", POD_INTERFACE), literal("GLOO_SOCKET_IFNAME", POD_INTERFACE), literal("NCCL_DEBUG", "WARN")];
  if (options.erdma) {
    env.push(literal("NCCL_IB_HCA", ERDMA_HCA), literal("NCCL_IB_GID_INDEX", ERDMA_GID_INDEX), literal("NCCL_IB_DISABLE", "0"), literal("NCCL_NET_GDR_LEVEL", "SYS"));
  } else if (options.multiNode) {
    env.push(literal("NCCL_IB_DISABLE", "1"));
  }
  return env;
}

/** Where writable caches go when the root filesystem is read-only. */
export const CACHE_DIR = "/cache";

/** Engine caches (torch.compile, Triton, FlashInfer, Hugging Face) under the cache volume; weights never download. */
export function cacheEnvironment(): EnvVar[] {
  return [literal("HOME", CACHE_DIR), literal("XDG_CACHE_HOME", CACHE_DIR), literal("HF_HUB_OFFLINE", "1")];
}

export function extraEnvironment(extra: readonly ExtraEnv[]): EnvVar[] {
  return extra.map((entry) => ("secretKeyRef" in entry ? fromSecret(entry.name, entry.secretKeyRef.name, entry.secretKeyRef.key) : literal(entry.name, entry.value)));
}
