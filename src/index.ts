/**
 * llmfleet's Pulumi-free core: errors, model and GPU catalogues, the sizing planner and Kubernetes
 * schema validation. Importing this does not load Pulumi.
 */
export * from "./errors/index.js";
export * from "./model/index.js";
export * from "./gpu/index.js";
export * from "./planner/index.js";
export * from "./k8s/index.js";
export type { PoolPlacement, ModelVolume, Toleration } from "./cluster/types.js";
