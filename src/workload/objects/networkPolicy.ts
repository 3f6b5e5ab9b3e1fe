import type { KubernetesObject } from "../../k8s/types.js";
import { selectorLabels } from "../labels.js";
import { HTTP_PORT_NAME } from "../probes.js";
import { workloadShape } from "../shape.js";
import type { InferenceDeploymentSpec } from "../spec.js";
import { objectMeta } from "./metadata.js";

function namespaceSelector(namespace: string): Record<string, unknown> {
  return { matchLabels: { "kubernetes.io/metadata.name": namespace } };
}

/**
 * Ingress to the engine pods: the API port only from the mesh ingress gateway and from monitoring.
 * Within a multi-node group or MPI job, pods reach each other on any port, because NCCL, Gloo, Ray
 * and sshd use ephemeral ports; torch.distributed is unauthenticated, so nobody else may.
 */
export function buildNetworkPolicy(spec: InferenceDeploymentSpec, servingPort: number | null): KubernetesObject {
  const sources = spec.ingressSources;
  const api = [{ protocol: "TCP", port: HTTP_PORT_NAME }];
  const servingRules =
    servingPort === null
      ? []
      : [
          { from: [{ namespaceSelector: namespaceSelector(sources.gatewayNamespace), podSelector: { matchLabels: { ...sources.gatewayPodLabels } } }], ports: api },
          { from: [{ namespaceSelector: namespaceSelector(sources.monitoringNamespace) }], ports: api },
        ];
  const groupRules = workloadShape(spec).multiNode ? [{ from: [{ podSelector: { matchLabels: selectorLabels(spec.name) } }] }] : [];
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: objectMeta(spec, spec.name),
    spec: {
      podSelector: { matchLabels: selectorLabels(spec.name) },
      policyTypes: ["Ingress"],
      ingress: [...servingRules, ...groupRules],
    },
  };
}
