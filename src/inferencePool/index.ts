/**
 * `routing: inference-pool`: per route a Gateway API Gateway and HTTPRoute, per deployment an
 * InferencePool and its endpoint picker (docs/routing.md). Pure builders; `components/InferenceGateway.ts`
 * applies them after the CRDs they need.
 */
import type { KubernetesObject } from "../k8s/index.js";
import { httpsRedirectRoute, inferenceGateway, inferenceHttpRoute } from "./gatewayApi.js";
import { pickerDestinationRule, pickerNetworkPolicy, poolIngressPolicy } from "./network.js";
import { pickerObjects } from "./picker.js";
import { inferencePool } from "./pool.js";
import { poolName } from "./names.js";
import type { InferenceGatewaySpec, InferenceGatewaySpecInput, InferenceRoute } from "./spec.js";

export { gatewayNamespace } from "./gatewayApi.js";
export { gatewayPeer, gatewayPrincipal, meshGatewayOf } from "./network.js";
export { GATEWAY_NAME_LABEL, PICKER_PORTS, inferenceGatewayName, istioGatewayWorkloadName, pickerLabels, pickerName, poolName } from "./names.js";
export * from "./pinned.js";
export { PICKER_REPLICAS, PICKER_REQUESTS, PICKER_RESOURCES } from "./picker.js";
export { SCORER_WEIGHTS, endpointPickerConfig } from "./pickerConfig.js";
export * from "./precisePrefix.js";
export { TOKENIZER_REQUESTS, TOKENIZER_RESOURCES } from "./tokenizerSidecar.js";
export { LWS_WORKER_INDEX_LABEL, poolSelector } from "./pool.js";
export { PICKER_ENGINES, inferenceGatewaySpecSchema, isPickerEngine, type InferenceGatewaySpec, type InferenceGatewaySpecInput, type InferenceRoute, type PickerEngine, type PoolBackend } from "./spec.js";

/** Objects of one route that are namespaced with its deployments or its gateway. */
export function inferenceRouteObjects(spec: InferenceGatewaySpec, route: InferenceRoute): KubernetesObject[] {
  const istio = spec.implementation === "istio";
  return [
    inferenceGateway(route, spec.implementation),
    ...route.pools.flatMap((pool) => [
      inferencePool(route, pool),
      ...pickerObjects(route, pool, spec.implementation, spec.registry),
      pickerNetworkPolicy(spec, route, pool),
      poolIngressPolicy(spec, route, pool),
      ...(istio ? [pickerDestinationRule(route, pool)] : []),
    ]),
    inferenceHttpRoute(route, spec.implementation),
    ...httpsRedirectRoute(route, spec.implementation),
  ];
}

export function inferenceGatewayObjects(spec: InferenceGatewaySpec): KubernetesObject[] {
  return spec.routes.flatMap((route) => inferenceRouteObjects(spec, route));
}

/**
 * The pickers to monitor, one per pool: what the Monitoring spec's `endpointPickers` takes (each
 * picker's Service is `<inferencePool>-epp` in `namespace`, its metrics port `metrics`, 9090).
 */
export function endpointPickersOf(spec: InferenceGatewaySpecInput): { namespace: string; inferencePool: string }[] {
  return spec.routes.flatMap((route) => route.pools.map((pool) => ({ namespace: route.namespace, inferencePool: poolName(pool.deploymentName) })));
}
