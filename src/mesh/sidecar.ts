import type { KubernetesObject } from "../k8s/index.js";
import { meshMetadata } from "./labels.js";
import { INGRESS_GATEWAY } from "./spec.js";

/**
 * Sidecar advice for engine pods. NCCL and torch.distributed traffic between the pods of a
 * multi-node group hangs under an Envoy sidecar (NVIDIA/nccl#1638), so multi-node pods get none and
 * traffic enters at the leader; single-node pods are injected.
 */
export function enginePodAnnotations(multiNode: boolean): Readonly<Record<string, string>> {
  if (multiNode) return {};
  // The engine must not receive traffic before its proxy is up.
  return { "proxy.istio.io/config": '{"holdApplicationUntilProxyStarts": true}' };
}

/** Injection is decided by the pod label (the annotation form is deprecated). */
export function enginePodLabels(multiNode: boolean): Readonly<Record<string, string>> {
  return { "sidecar.istio.io/inject": multiNode ? "false" : "true" };
}

/**
 * Limits what each sidecar in a serving namespace learns about: engines call nothing but the mesh
 * control plane, and many headless Services (one per LWS group) otherwise bloat every proxy.
 */
export function sidecarScope(namespace: string): KubernetesObject {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "Sidecar",
    metadata: meshMetadata("default", namespace),
    spec: {
      egress: [{ hosts: ["./*", `${INGRESS_GATEWAY.namespace}/*`] }],
      outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
    },
  };
}
