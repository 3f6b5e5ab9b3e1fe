import type { ExtraEnv } from "./spec.js";

/** A container environment variable as Kubernetes takes it. */
export interface EnvVar {
  readonly name: string;
  readonly value?: string;
  readonly valueFrom?: Readonly<Record<string, unknown>>;
}

/** The pod network interface: NCCL and Gloo must not pick loopback or a CNI bridge. */
export const POD_INTERFACE = "eth0";
/** The first eRDMA device that ack-erdma-controller exposes to a pod. */
export const ERDMA_HCA = "erdma_0";

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
 * group on an eRDMA pool); a multi-node group without it is told not to probe for InfiniBand.
 */
export function ncclEnvironment(options: { readonly multiNode: boolean; readonly erdma: boolean }): EnvVar[] {
  const env = [literal("NCCL_SOCKET_IFNAME", POD_INTERFACE), literal("GLOO_SOCKET_IFNAME", POD_INTERFACE), literal("NCCL_DEBUG", "WARN")];
  if (options.erdma) {
    env.push(literal("NCCL_IB_HCA", ERDMA_HCA), literal("NCCL_IB_DISABLE", "0"), literal("NCCL_NET_GDR_LEVEL", "SYS"));
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
