export type { KubernetesObject, ObjectMeta } from "./types.js";
export { objectRef, objectType } from "./types.js";
export { manifestProblems, validateManifests, type ManifestFinding } from "./validate.js";
