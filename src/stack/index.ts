export { DEFAULT_REGION, fleetConfigSchema, type FleetConfig, type FleetConfigInput, type DeploymentConfig, type NodePoolConfig, type RouteConfig } from "./config.js";
export { parseFleetConfig, FLEET_CONFIG_KEY } from "./parse.js";
export { planFleet, type FleetPlans } from "./plans.js";
export { defaultDenyIngress } from "./namespacePolicy.js";
export { regionConflict } from "./regionAgreement.js";
