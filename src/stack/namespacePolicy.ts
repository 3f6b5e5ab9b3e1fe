import type { KubernetesObject } from "../k8s/types.js";

/**
 * Default-deny ingress for the serving namespace: each InferenceDeployment then opens only what it
 * needs (the mesh gateway, monitoring, and its own group's NCCL/rendezvous ports).
 */
export function defaultDenyIngress(namespace: string): KubernetesObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: "default-deny-ingress", namespace, labels: { "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/managed-by": "pulumi" } },
    spec: { podSelector: {}, policyTypes: ["Ingress"] },
  };
}
