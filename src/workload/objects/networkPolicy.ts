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
 * Envoy's Prometheus listener (`http-envoy-prom`) and pilot-agent's status port, which serves the
 * merged `/stats/prometheus` (istio/istio 1.29.2 injection-template.yaml: 15090 and the default
 * `statusPort` 15020). Neither is redirected through Envoy's inbound listener, so only the
 * NetworkPolicy stands between them and the rest of the cluster.
 */
export const SIDECAR_METRICS_PORTS = [15090, 15020] as const;

/**
 * Ingress to the engine pods: the API port only from the mesh ingress gateway (for an inference-pool
 * route, the route's own gateway instead, through the pool's policy) and from the
 * Prometheus pods (not the whole monitoring namespace: the engine port also serves vLLM's
 * unauthenticated `/invocations`); the sidecar's metrics ports from Prometheus where there is a
 * sidecar (single-node pods). Within a multi-node group or MPI job, pods reach each other on any
 * port, because NCCL, Gloo, Ray and sshd use ephemeral ports; torch.distributed is
 * unauthenticated, so nobody else may.
 */
export function buildNetworkPolicy(spec: InferenceDeploymentSpec, servingPort: number | null): KubernetesObject {
  const sources = spec.ingressSources;
  const api = [{ protocol: "TCP", port: HTTP_PORT_NAME }];
  const multiNode = workloadShape(spec).multiNode;
  const prometheus = [{ namespaceSelector: namespaceSelector(sources.monitoringNamespace), podSelector: { matchLabels: { ...sources.prometheusPodLabels } } }];
  const servingRules =
    servingPort === null
      ? []
      : [
          // Behind an inference-pool route only that route's own gateway may call the engine (its pool's policy admits it).
          ...(spec.route?.inferencePool === true ? [] : [{ from: [{ namespaceSelector: namespaceSelector(sources.gatewayNamespace), podSelector: { matchLabels: { ...sources.gatewayPodLabels } } }], ports: api }]),
          { from: prometheus, ports: api },
          // Multi-node pods carry no sidecar (src/mesh/sidecar.ts), so nothing listens there.
          ...(multiNode ? [] : [{ from: prometheus, ports: SIDECAR_METRICS_PORTS.map((port) => ({ protocol: "TCP", port })) }]),
        ];
  const groupRules = multiNode ? [{ from: [{ podSelector: { matchLabels: selectorLabels(spec.name) } }] }] : [];
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
