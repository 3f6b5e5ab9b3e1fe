import type { KubernetesObject } from "../k8s/index.js";
import { allowNothing, allowOpenAiFromGateway, apiKeyRequirement, denyNonOpenAiPaths, jwtAuthentication, peerAuthentication } from "./authorization.js";
import { destinationRule, gateway, servingService, virtualService } from "./routing.js";
import { sidecarScope } from "./sidecar.js";
import type { ServedModel } from "./spec.js";

export { ISTIO_CHARTS, ISTIO_VERSION, gatewayValues, istiodValues, type PinnedChart } from "./charts.js";
export { GATEWAY_PRINCIPAL } from "./authorization.js";
export { RETRY_POLICY, routeTimeoutSeconds } from "./routing.js";
export { enginePodAnnotations, enginePodLabels } from "./sidecar.js";
export { ISTIO_STATUS_PORT, MERGED_METRICS_PATH, mergedMetricsAnnotations } from "./metricsMerge.js";
export { ROUTE_LABEL, routeMemberLabels, routeMembershipSchema, subsetLabel, subsetSelector, type RouteMembership, type RouteMembershipInput } from "./routeLabels.js";
export { INGRESS_GATEWAY, OPENAI_PATHS, meshSpecSchema, servedModelSchema, type ServedModel, type ServedModelInput } from "./spec.js";

/**
 * Objects for one served model. A model behind its own Gateway API gateway (`inferenceGateway`)
 * gets only its authorization here; its routing objects are src/inferencePool's.
 */
export function servedModelObjects(model: ServedModel, scraperPrincipal: string): KubernetesObject[] {
  if (model.inferenceGateway !== undefined) {
    return [allowOpenAiFromGateway(model, scraperPrincipal), ...jwtAuthentication(model), ...apiKeyRequirement(model)];
  }
  return [
    servingService(model),
    gateway(model),
    virtualService(model),
    destinationRule(model),
    allowOpenAiFromGateway(model, scraperPrincipal),
    denyNonOpenAiPaths(model),
    ...jwtAuthentication(model),
    ...apiKeyRequirement(model),
  ];
}

/** Objects once per serving namespace: mTLS STRICT, allow-nothing, sidecar scope. */
export function namespaceObjects(namespace: string): KubernetesObject[] {
  return [peerAuthentication(namespace), allowNothing(namespace), sidecarScope(namespace)];
}

/**
 * Every mesh object for the served models. `scraperPrincipal` is the Prometheus workload identity
 * allowed to read `/metrics`, e.g. `cluster.local/ns/monitoring/sa/kube-prometheus-stack-prometheus`.
 */
export function meshObjects(models: readonly ServedModel[], scraperPrincipal: string): KubernetesObject[] {
  const namespaces = [...new Set(models.map((model) => model.namespace))].sort();
  return [...namespaces.flatMap(namespaceObjects), ...models.flatMap((model) => servedModelObjects(model, scraperPrincipal))];
}
