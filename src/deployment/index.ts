/** One inference deployment, described once: schema, old spellings, planning, component arguments. */
export { deploymentSchema, deploymentName, imageObjectSchema, type DeploymentInput, type DeploymentFields, type ImageInput } from "./schema.js";
export type { Deployment } from "./types.js";
export { toDeployment } from "./deployment.js";
export { renameDeprecatedKeys, deprecationWarning, type Deprecation } from "./deprecatedKeys.js";
export { planOnGpu } from "./plan.js";
export { defaultModelFolder } from "./modelFolder.js";
export { resolveInferenceDeployment, type InferenceDeploymentInput, type ProgramFields, type ResolvedInferenceDeployment } from "./inferenceDeployment.js";
