/**
 * llmfleet policy rules as plain functions over resources. `evaluatePolicies` runs them in the
 * offline preview; `policyPackRules` adapts them for the CrossGuard pack in `policy/`.
 */
export type { EnforcementLevel, PolicyFinding, PolicyResource, PolicyRule, ResourceRule, StackRule, Violation } from "./types.js";
export { ALL_RULES } from "./rules/index.js";
export { ENVIRONMENTS, ENVIRONMENT_ENFORCEMENT, resolveEnforcement, type Environment, type EnforcementPreset } from "./enforcement.js";
export {
  DEFAULT_ALLOWED_REGISTRIES,
  DEFAULT_GPU_INSTANCE_TYPES,
  DEFAULT_NON_ROOT_WAIVABLE_IMAGES,
  parsePolicyConfig,
  policyConfigSchema,
  type PolicyConfig,
  type PolicyConfigInput,
} from "./config.js";
export { evaluatePolicies, policyResourcesFromPreview, runRule } from "./evaluate.js";
export { policyPackConfig, policyPackRules, type PackPolicy, type PackResourceArgs, type PackStackArgs, type ReportViolation } from "./packRules.js";
export { deployabilityPackPolicies, deployedResourcesFromPack, type PackGraphPolicy, type PackGraphResource } from "./deployabilityPolicies.js";
export { NON_ROOT_WAIVER_ANNOTATION } from "./rules/privilege.js";
export { SPARE_GPUS_ANNOTATION } from "./rules/rollout.js";
export { UNKNOWN, knownProps } from "./values.js";
