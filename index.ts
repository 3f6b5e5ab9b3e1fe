/**
 * llmfleet: Pulumi components for LLM inference on Alibaba Cloud ACK, with the Pulumi-free core
 * (catalogues, planner, builders, policy rules) they are made from.
 */
export * from "./src/index.js";
export { AckCluster, type AckClusterArgs } from "./components/AckCluster.js";
export { GpuNodePool, type GpuNodePoolArgs } from "./components/GpuNodePool.js";
export { ModelStorage, type ModelStorageArgs } from "./components/ModelStorage.js";
export { InferenceDeployment, type InferenceDeploymentArgs } from "./components/InferenceDeployment.js";
export { ServiceMesh, type ServiceMeshArgs } from "./components/ServiceMesh.js";
export { MeshControlPlane, type MeshControlPlaneArgs } from "./components/MeshControlPlane.js";
export { ClusterOperators, type ClusterOperatorsArgs } from "./components/ClusterOperators.js";
export { InferenceGateway, type InferenceGatewayArgs } from "./components/InferenceGateway.js";
export { Monitoring, type MonitoringArgs } from "./components/Monitoring.js";
export { LlmFleet, type LlmFleetArgs } from "./components/LlmFleet.js";
export { parseFleetConfig, planFleet, fleetConfigSchema, type FleetConfig, type FleetConfigInput } from "./src/stack/index.js";
export { evaluatePolicies, parsePolicyConfig, policyPackRules, ALL_RULES, type PolicyFinding, type PolicyResource } from "./src/policy/index.js";
export { llmfleetMocks, runUnderMocks, startMockSession, settle, valueOf, type MockRun, type MockRunOptions, type RecordedResource } from "./src/preview/index.js";
