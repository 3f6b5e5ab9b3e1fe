import type { KubernetesObject } from "../k8s/index.js";
import { INGRESS_GATEWAY } from "../mesh/spec.js";
import { selectorLabels } from "../workload/labels.js";
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
  const istio = spec.implementation === "istio";
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
        // The sidecar's metrics ports too, as for the engines (src/workload/objects/networkPolicy.ts).
        { from: [prometheus], ports: [tcp(PICKER_PORTS.metrics), ...(istio ? [tcp(15090), tcp(15020)] : [])] },
      ],
      egress: [
        // Precise: the picker's SUB sockets connect to each engine pod's KV-events port (src/inferencePool/precisePrefix.ts).
        { to: [{ podSelector: { matchLabels: selectorLabels(pool.deploymentName) } }], ports: [tcp(pool.port), ...(precise ? [tcp(KV_EVENTS_PORT)] : [])] },
        { to: [{ namespaceSelector: namespaceSelector("kube-system"), podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }, tcp(53)] },
        // The API server is no pod: ACK's is reached at the `kubernetes` Service's endpoint, an
        // address outside the cluster's pods, on 6443 (443 at the Service before DNAT).
        { ports: [tcp(443), tcp(6443)] },
        ...(istio ? [{ to: [{ namespaceSelector: namespaceSelector(INGRESS_GATEWAY.namespace), podSelector: { matchLabels: { app: "istiod" } } }], ports: [tcp(15012)] }] : []),
      ],
    },
  };
}

/** The engine port of a pool's pods, opened to the route's gateway and the pool's picker. */
export function poolIngressPolicy(spec: InferenceGatewaySpec, route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: routingMetadata(`${pool.deploymentName}-inference-pool`, route.namespace, route.name),
    spec: {
      podSelector: { matchLabels: selectorLabels(pool.deploymentName) },
      policyTypes: ["Ingress"],
      ingress: [
        { from: [gatewayPeer(route, spec.implementation), { podSelector: { matchLabels: pickerLabels(pool.deploymentName) } }], ports: [tcp(pool.port)] },
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

/** Istio: the picker's sidecar accepts ext_proc from the route's gateway and `GET /metrics` from Prometheus. */
export function pickerAuthorization(spec: InferenceGatewaySpec, route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: routingMetadata(pickerName(pool.deploymentName), route.namespace, route.name),
    spec: {
      selector: { matchLabels: pickerLabels(pool.deploymentName) },
      action: "ALLOW",
      rules: [
        { from: [{ source: { principals: [gatewayPrincipal(route.name)] } }], to: [{ operation: { ports: [String(PICKER_PORTS.grpc)] } }] },
        { from: [{ source: { principals: [spec.monitoring.principal] } }], to: [{ operation: { ports: [String(PICKER_PORTS.metrics)], methods: ["GET"], paths: ["/metrics"] } }] },
      ],
    },
  };
}

/**
 * Istio: the pool's engine pods accept `GET /metrics` from the picker. The OpenAI paths from the
 * route's gateway and `/metrics` from Prometheus are the mesh's rule for the model
 * (src/mesh/authorization.ts `allowOpenAiFromGateway`, given the gateway's identity).
 */
export function poolAuthorization(route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  const picker = principal(route.namespace, pickerName(pool.deploymentName));
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: routingMetadata(`${pool.deploymentName}-inference-pool`, route.namespace, route.name),
    spec: {
      selector: { matchLabels: selectorLabels(pool.deploymentName) },
      action: "ALLOW",
      rules: [
        { from: [{ source: { principals: [picker] } }], to: [{ operation: { methods: ["GET"], paths: ["/metrics"] } }] },
        // Precise: the KV-events stream is plain TCP (ZMQ), so the rule names the port only.
        ...(pool.prefixCacheRouting === "precise" ? [{ from: [{ source: { principals: [picker] } }], to: [{ operation: { ports: [String(KV_EVENTS_PORT)] } }] }] : []),
      ],
    },
  };
}

/** The gateway the mesh's authorization of an inference-pool route must name (src/mesh/spec.ts `inferenceGateway`). */
export function meshGatewayOf(route: string): { selector: Record<string, string>; principal: string } {
  return { selector: { [GATEWAY_NAME_LABEL]: inferenceGatewayName(route) }, principal: gatewayPrincipal(route) };
}

/**
 * Istio, precise pools: a headless Service on the engine pods' KV-events port. The picker connects
 * to each pod's IP on 5557 (src/inferencePool/precisePrefix.ts); to a port no Service names, the
 * picker's sidecar forwards plain TCP (PassthroughCluster) and the engine's sidecar, under STRICT
 * mTLS, refuses it. With this Service the pod IP and port are mesh endpoints, so the connection is
 * mutual TLS under the picker's identity, which `poolAuthorization` admits. `tcp` keeps Istio from
 * sniffing the ZMQ stream.
 */
export function kvEventsService(route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: routingMetadata(`${pool.deploymentName}-kv-events`, route.namespace, route.name),
    spec: {
      clusterIP: "None",
      selector: selectorLabels(pool.deploymentName),
      ports: [{ name: "tcp-kv-events", port: KV_EVENTS_PORT, targetPort: KV_EVENTS_PORT, protocol: "TCP", appProtocol: "tcp" }],
    },
  };
}
