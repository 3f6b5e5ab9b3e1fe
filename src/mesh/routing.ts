import type { KubernetesObject } from "../k8s/index.js";
import { meshMetadata } from "./labels.js";
import { ROUTE_LABEL, subsetSelector } from "./routeLabels.js";
import { INGRESS_GATEWAY, OPENAI_PATHS, QUEUE_ALLOWANCE_SECONDS, servingHost, servingServiceName, type ServedModel } from "./spec.js";

/**
 * Routing of one served model: the serving Service, the Gateway, the VirtualService and the
 * DestinationRule.
 *
 * Failover. Istio cannot fail over from one Service to another; Envoy fails over between endpoint
 * priorities of one cluster, and each subset of a host is its own cluster. So the route is served
 * through one Service that selects every pod of the route (`llmfleet.io/route`), each weighted
 * version's subset holds that version's pods and the backup's (`routeLabels.ts`), and the subset's
 * `failoverPriority: ["llmfleet.io/version=<version>"]` gives the version's own pods priority 0 and
 * the backup's priority 1: the backup takes a version's share only when that version has no healthy
 * endpoint left (not ready, or ejected by outlier detection, without which failover never happens).
 */

/** Retries: a generation is never re-run. Only failures before the request reached an engine are retried. */
export const RETRY_POLICY = { attempts: 1, retryOn: "connect-failure,refused-stream" } as const;

export function routeTimeoutSeconds(model: ServedModel): number {
  return model.maxGenerationSeconds + QUEUE_ALLOWANCE_SECONDS;
}

export function gatewayName(model: ServedModel): string {
  return `${model.name}-gateway`;
}

export function servingService(model: ServedModel): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meshMetadata(servingServiceName(model), model.namespace, model.name),
    spec: {
      type: "ClusterIP",
      selector: {
        "app.kubernetes.io/part-of": "llmfleet",
        "app.kubernetes.io/component": "inference",
        [ROUTE_LABEL]: model.name,
        // Multi-node groups: only the leader serves HTTP; workers run headless.
        ...(model.multiNode ? { "llmfleet.io/role": "leader" } : {}),
      },
      ports: [{ name: "http", port: model.port, targetPort: model.port, protocol: "TCP", appProtocol: "http" }],
    },
  };
}

export function gateway(model: ServedModel): KubernetesObject {
  const http = { port: { number: 80, name: "http", protocol: "HTTP" }, hosts: model.hosts };
  const servers =
    model.tlsCredentialName === undefined
      ? [http]
      : [
          { ...http, tls: { httpsRedirect: true } },
          {
            port: { number: 443, name: "https", protocol: "HTTPS" },
            hosts: model.hosts,
            tls: { mode: "SIMPLE", credentialName: model.tlsCredentialName, minProtocolVersion: "TLSV1_2" },
          },
        ];
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "Gateway",
    metadata: meshMetadata(gatewayName(model), INGRESS_GATEWAY.namespace, model.name),
    spec: { selector: INGRESS_GATEWAY.selector, servers },
  };
}

export function virtualService(model: ServedModel): KubernetesObject {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "VirtualService",
    metadata: meshMetadata(model.name, model.namespace, model.name),
    spec: {
      hosts: model.hosts,
      gateways: [`${INGRESS_GATEWAY.namespace}/${gatewayName(model)}`],
      http: [
        {
          name: "openai",
          match: OPENAI_PATHS.map((path) => ({ uri: { exact: path } })),
          route: model.versions.map((version) => ({
            destination: { host: servingHost(model), subset: version.name, port: { number: model.port } },
            weight: version.weight,
          })),
          timeout: `${routeTimeoutSeconds(model)}s`,
          retries: RETRY_POLICY,
        },
      ],
    },
  };
}

/**
 * Priority failover inside one subset (istio/api 1.29 `LocalityLoadBalancerSetting.failover_priority`:
 * endpoints matching `key=value` get priority 0, all others the lowest). A subset's `loadBalancer`
 * replaces the destination-level one while `connectionPool` and `outlierDetection` are inherited
 * (istio/istio 1.29.2 `pilot/pkg/networking/util/util.go`, `mergeTrafficPolicy`), so only the
 * balancer is repeated per subset.
 */
function subsetLoadBalancer(version: string): Record<string, unknown> {
  return { simple: "LEAST_REQUEST", localityLbSetting: { enabled: true, failoverPriority: [`llmfleet.io/version=${version}`] } };
}

export function destinationRule(model: ServedModel): KubernetesObject {
  return {
    apiVersion: "networking.istio.io/v1",
    kind: "DestinationRule",
    metadata: meshMetadata(model.name, model.namespace, model.name),
    spec: {
      host: servingHost(model),
      trafficPolicy: {
        loadBalancer: { simple: "LEAST_REQUEST" },
        connectionPool: {
          tcp: { maxConnections: model.maxConcurrentRequests, connectTimeout: "5s" },
          http: {
            http1MaxPendingRequests: model.maxConcurrentRequests,
            http2MaxRequests: model.maxConcurrentRequests,
            idleTimeout: "300s",
          },
        },
        outlierDetection: {
          consecutiveGatewayErrors: 5,
          interval: "10s",
          baseEjectionTime: "30s",
          // With a backup, a version may be ejected entirely so that failover happens; without
          // one, half the replicas keep serving rather than none.
          maxEjectionPercent: model.backup === undefined ? 50 : 100,
        },
      },
      subsets: model.versions.map((version) => ({
        name: version.name,
        labels: subsetSelector(model.name, version.name),
        ...(model.backup === undefined ? {} : { trafficPolicy: { loadBalancer: subsetLoadBalancer(version.name) } }),
      })),
    },
  };
}
