import type { KubernetesObject } from "../k8s/index.js";
import { INGRESS_GATEWAY } from "../mesh/spec.js";
import { selectorLabels } from "../workload/labels.js";
import { ISTIO_STATUS_PORT } from "../mesh/metricsMerge.js";
import { readsMergedMetrics } from "./picker.js";
import { gatewayNamespace } from "./gatewayApi.js";
import { routingMetadata } from "./metadata.js";
import { GATEWAY_NAME_LABEL, PICKER_PORTS, inferenceGatewayName, istioGatewayWorkloadName, pickerLabels, pickerName } from "./names.js";
import type { InferenceGatewayImplementation } from "./pinned.js";
import { KV_EVENTS_PORT } from "./precisePrefix.js";
import type { InferenceGatewaySpec, InferenceRoute, PoolBackend } from "./spec.js";

/**
 * Who may reach a pool's picker and its engine pods, on top of the namespace's default deny and the
 * deployments' own NetworkPolicies (NetworkPolicies add up):
 *
 * - picker: 9002 (ext_proc) from the route's gateway pods only, 9090 (metrics) from Prometheus
 *   only; egress to its pool's pods on the engine port (`/metrics`), the API server (watching pods
 *   and its pool), DNS and, with Istio, istiod.
 * - engine pods: the engine port from the route's gateway pods (which the picker's choice sends
 *   traffic to directly) and from the picker (`/metrics`).
 * - Istio: AuthorizationPolicies with the same scope for the sidecars (the namespace allows
 *   nothing by default); the API-key requirement at the route's own gateway pods is the mesh's
 *   (`inferenceGateway` of src/mesh/spec.ts, filled by `meshGatewayOf`).
 */

const namespaceSelector = (namespace: string) => ({ matchLabels: { "kubernetes.io/metadata.name": namespace } });

/**
 * The pods of a route's Gateway: Istio labels its proxy `gateway.networking.k8s.io/gateway-name`
 * (kube-gateway injection template); Envoy Gateway, which ACK's component is built on, labels its
 * proxies with the owning Gateway's name and namespace, in whichever namespace it runs them.
 */
export function gatewayPeer(route: InferenceRoute, implementation: InferenceGatewayImplementation): Record<string, unknown> {
  if (implementation === "istio") {
    return { namespaceSelector: namespaceSelector(INGRESS_GATEWAY.namespace), podSelector: { matchLabels: { [GATEWAY_NAME_LABEL]: inferenceGatewayName(route.name) } } };
  }
  return {
    namespaceSelector: {},
    podSelector: { matchLabels: { "gateway.envoyproxy.io/owning-gateway-name": inferenceGatewayName(route.name), "gateway.envoyproxy.io/owning-gateway-namespace": gatewayNamespace(route, implementation) } },
  };
}

const tcp = (port: number | string) => ({ protocol: "TCP", port });

export function pickerNetworkPolicy(spec: InferenceGatewaySpec, route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  const prometheus = { namespaceSelector: namespaceSelector(spec.monitoring.namespace), podSelector: { matchLabels: { ...spec.monitoring.podLabels } } };
  const precise = pool.prefixCacheRouting === "precise";
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: routingMetadata(pickerName(pool.deploymentName), route.namespace, route.name),
    spec: {
      podSelector: { matchLabels: pickerLabels(pool.deploymentName) },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        { from: [gatewayPeer(route, spec.implementation)], ports: [tcp(PICKER_PORTS.grpc)] },
        { from: [prometheus], ports: [tcp(PICKER_PORTS.metrics)] },
      ],
      egress: [
        // Precise: the picker's SUB sockets connect to each engine pod's KV-events port (src/inferencePool/precisePrefix.ts).
        { to: [{ podSelector: { matchLabels: selectorLabels(pool.deploymentName) } }], ports: [tcp(engineMetricsPort(spec, pool)), ...(precise ? [tcp(KV_EVENTS_PORT)] : [])] },
        { to: [{ namespaceSelector: namespaceSelector("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }, tcp(53)] },
        // The API server is no pod: ACK's is reached at the `kubernetes` Service's endpoint, an
        // address outside the cluster's pods, on 6443 (443 at the Service before DNAT).
        { ports: [tcp(443), tcp(6443)] },
      ],
    },
  };
}

/** Where the picker reads a pool's engine metrics: pilot-agent's merged endpoint for injected pods, else the engine port. */
function engineMetricsPort(spec: InferenceGatewaySpec, pool: PoolBackend): number {
  return readsMergedMetrics(pool, spec.implementation) ? ISTIO_STATUS_PORT : pool.port;
}

/** The engine port of a pool's pods, opened to the route's gateway; their metrics, to the pool's picker. */
export function poolIngressPolicy(spec: InferenceGatewaySpec, route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: routingMetadata(`${pool.deploymentName}-inference-pool`, route.namespace, route.name),
    spec: {
      podSelector: { matchLabels: selectorLabels(pool.deploymentName) },
      policyTypes: ["Ingress"],
      ingress: [
        { from: [gatewayPeer(route, spec.implementation)], ports: [tcp(pool.port)] },
        { from: [{ podSelector: { matchLabels: pickerLabels(pool.deploymentName) } }], ports: [tcp(engineMetricsPort(spec, pool))] },
        ...(pool.prefixCacheRouting === "precise" ? [{ from: [{ podSelector: { matchLabels: pickerLabels(pool.deploymentName) } }], ports: [tcp(KV_EVENTS_PORT)] }] : []),
      ],
    },
  };
}

const principal = (namespace: string, serviceAccount: string) => `cluster.local/ns/${namespace}/sa/${serviceAccount}`;

/** Istio: the route's gateway identity (istiod runs it as `<gateway>-istio`, deploymentcontroller.go). */
export function gatewayPrincipal(route: string): string {
  return principal(INGRESS_GATEWAY.namespace, istioGatewayWorkloadName(route));
}

/**
 * Istio: the gateway speaks TLS to the picker's own self-signed certificate on 9002, as upstream's
 * Istio values do (config/charts/inferencepool/templates/istio.yaml at v1.5.0: `tls: SIMPLE`,
 * `insecureSkipVerify: true`); the picker is outside the mesh, so there is no mTLS to it, and the
 * NetworkPolicy admits only the route's gateway pods.
 */
export function pickerDestinationRule(route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  const name = pickerName(pool.deploymentName);
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    // Labelled as the picker's: it fronts the picker's gRPC, not a model (the dr-resilience rule skips it).
    metadata: routingMetadata(name, route.namespace, route.name, "endpoint-picker"),
    spec: { host: `${name}.${route.namespace}.svc.cluster.local`, trafficPolicy: { tls: { mode: "SIMPLE", insecureSkipVerify: true } } },
  };
}

/** The gateway the mesh's authorization of an inference-pool route must name (src/mesh/spec.ts `inferenceGateway`). */
export function meshGatewayOf(route: string): { selector: Record<string, string>; principal: string } {
  return { selector: { [GATEWAY_NAME_LABEL]: inferenceGatewayName(route) }, principal: gatewayPrincipal(route) };
}
