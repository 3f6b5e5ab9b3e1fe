import type { KubernetesObject } from "../k8s/index.js";
import { INGRESS_GATEWAY, OPENAI_PATHS, QUEUE_ALLOWANCE_SECONDS } from "../mesh/spec.js";
import { routingMetadata } from "./metadata.js";
import { inferenceGatewayName, poolName } from "./names.js";
import { GATEWAY_CLASSES, type InferenceGatewayImplementation } from "./pinned.js";
import type { InferenceRoute } from "./spec.js";

/**
 * The Gateway API objects of one inference-pool route (gateway.networking.k8s.io/v1, standard
 * channel v1.4.0): a Gateway of the implementation's class and an HTTPRoute whose backends are the
 * route's InferencePools, weighted as the route's deployments are.
 *
 * With Istio the Gateway lives in istio-system, beside the TLS Secret the mesh mode's gateway reads
 * (`certificateRefs` to a Secret of the Gateway's own namespace need no ReferenceGrant), and istiod
 * deploys its proxy there (`<gateway>-istio`). With ACK it lives in the serving namespace, and so
 * must its TLS Secret.
 */

/** Where the Gateway of a route lives. */
export function gatewayNamespace(route: InferenceRoute, implementation: InferenceGatewayImplementation): string {
  return implementation === "istio" ? INGRESS_GATEWAY.namespace : route.namespace;
}

/** One listener per host and scheme: a listener matches one hostname. */
function listeners(route: InferenceRoute): Record<string, unknown>[] {
  const allowedRoutes = { namespaces: { from: "Selector", selector: { matchLabels: { "kubernetes.io/metadata.name": route.namespace } } } };
  return route.hosts.flatMap((hostname, index) => [
    { name: `http-${index}`, hostname, port: 80, protocol: "HTTP", allowedRoutes },
    ...(route.tlsCredentialName === undefined
      ? []
      : [{ name: `https-${index}`, hostname, port: 443, protocol: "HTTPS", tls: { mode: "Terminate", certificateRefs: [{ group: "", kind: "Secret", name: route.tlsCredentialName }] }, allowedRoutes }]),
  ]);
}

export function inferenceGateway(route: InferenceRoute, implementation: InferenceGatewayImplementation): KubernetesObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "Gateway",
    metadata: routingMetadata(inferenceGatewayName(route.name), gatewayNamespace(route, implementation), route.name),
    spec: {
      gatewayClassName: GATEWAY_CLASSES[implementation],
      // Copied onto the Service the implementation creates: an intranet SLB, as the mesh gateway's
      // (nothing public by default). Istio copies `infrastructure.annotations` to the Service
      // (pilot/pkg/config/kube/gateway/deploymentcontroller.go `extractInfrastructureAnnotations`).
      infrastructure: { annotations: { "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet" } },
      listeners: listeners(route),
    },
  };
}

function parentRefs(route: InferenceRoute, implementation: InferenceGatewayImplementation, scheme: "http" | "https"): Record<string, unknown>[] {
  return route.hosts.map((_, index) => ({
    group: "gateway.networking.k8s.io",
    kind: "Gateway",
    name: inferenceGatewayName(route.name),
    namespace: gatewayNamespace(route, implementation),
    sectionName: `${scheme}-${index}`,
  }));
}

/**
 * The route: the OpenAI paths only (others match no rule and get 404 at the gateway), each
 * deployment's pool weighted as in the stack file. The request timeout is the mesh mode's route
 * timeout. Retries stay out: HTTPRoute `retry` is experimental in Gateway API v1.4.0, and the
 * picker, not the gateway, chooses the endpoint.
 */
export function inferenceHttpRoute(route: InferenceRoute, implementation: InferenceGatewayImplementation): KubernetesObject {
  return {
    apiVersion: "gateway.networking.k8s.io/v1",
    kind: "HTTPRoute",
    metadata: routingMetadata(route.name, route.namespace, route.name),
    spec: {
      parentRefs: parentRefs(route, implementation, route.tlsCredentialName === undefined ? "http" : "https"),
      hostnames: route.hosts,
      rules: [
        {
          matches: OPENAI_PATHS.map((value) => ({ path: { type: "Exact", value } })),
          backendRefs: route.pools.map((pool) => ({ group: "inference.networking.k8s.io", kind: "InferencePool", name: poolName(pool.deploymentName), weight: pool.weight })),
          timeouts: { request: `${route.maxGenerationSeconds + QUEUE_ALLOWANCE_SECONDS}s` },
        },
      ],
    },
  };
}

/** With TLS, plain HTTP is redirected to HTTPS (the mesh mode's `httpsRedirect`). */
export function httpsRedirectRoute(route: InferenceRoute, implementation: InferenceGatewayImplementation): KubernetesObject[] {
  if (route.tlsCredentialName === undefined) return [];
  return [
    {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: routingMetadata(`${route.name}-https-redirect`, route.namespace, route.name),
      spec: {
        parentRefs: parentRefs(route, implementation, "http"),
        hostnames: route.hosts,
        rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
      },
    },
  ];
}
