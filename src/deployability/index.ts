/**
 * Deployability: what a real `pulumi up` on an empty cluster needs beyond valid objects — apply
 * order, scheduling (and idle GPUs), references, and with a mirror, sources. Pure rules over the recorded resources.
 */
import { applyOrderFindings } from "./applyOrder.js";
import { claimFindings, referenceFindings } from "./references.js";
import { schedulingFindings } from "./scheduling.js";
import { sourceFindings } from "./sources.js";
import type { DeployabilityContext, DeployabilityFinding, DeployedResource } from "./types.js";

export type { DeclaredPool, DeployabilityContext, DeployabilityFinding, DeployedResource, ExternalObject } from "./types.js";
export { waitGraph } from "./waitGraph.js";
export { mirrorContents, type MirrorContents, type MirroredChart, type MirroredImage } from "./sources.js";

export function deployabilityFindings(resources: readonly DeployedResource[], context: DeployabilityContext = { declaredPools: [], externalObjects: [] }): DeployabilityFinding[] {
  return [...applyOrderFindings(resources), ...schedulingFindings(resources, context), ...referenceFindings(resources, context), ...claimFindings(resources), ...sourceFindings(resources, context.registry)];
}
