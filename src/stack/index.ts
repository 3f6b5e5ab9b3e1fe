export {
  DEFAULT_REGION,
  fleetConfigSchema,
  type FleetConfig,
  type FleetConfigFields,
  type FleetConfigInput,
  type DeploymentConfig,
  type NodePoolConfig,
  type RouteConfig,
  routeTlsSecretName,
  prefixCacheRoutingOf,
  routingOf,
  inferenceGatewayOf,
} from "./config.js";
export { fleetLocator, parseFleet, parseFleetConfig, FLEET_CONFIG_KEY, type ParsedFleet } from "./parse.js";
export { planFleet, type FleetPlans } from "./plans.js";
export { defaultDenyIngress } from "./namespacePolicy.js";
export { poolCapacityProblems, poolFootprint, poolSizing, type PoolFootprint, type PoolSizing } from "./poolSizing.js";
export { stackResourceNames, type StackResourceNames } from "./resourceNames.js";
export { regionConflict } from "./regionAgreement.js";
export { OFFLINE_PREVIEW_KEY, SECRET_PLACEHOLDER } from "./secretPlaceholder.js";
export { weightsLocation } from "./weightsLocation.js";
export { routeApiKeyOf, routeApiKeys, routeApiKeySecretName, routeMembers, routeMembership, type RouteApiKey } from "./routes.js";
export { ARMS_AGENT_NAMESPACE, engineIngressSources } from "./armsScraping.js";
export { fleetWeightsFetches, weightsProblems } from "./weightsPlan.js";
