/**
 * Deployability: what a real `pulumi up` on an empty cluster needs beyond valid objects — apply
 * order, scheduling (and idle GPUs), references. Pure rules over the recorded resources.
 */
import { applyOrderFindings } from "./applyOrder.js";
import { referenceFindings } from "./references.js";
import { schedulingFindings } from "./scheduling.js";
import type { DeployabilityContext, DeployabilityFinding, DeployedResource } from "./types.js";

export type { DeclaredPool, DeployabilityContext, DeployabilityFinding, DeployedResource, ExternalObject } from "./types.js";
export { waitGraph } from "./waitGraph.js";

export function deployabilityFindings(resources: readonly DeployedResource[], context: DeployabilityContext = { declaredPools: [], externalObjects: [] }): DeployabilityFinding[] {
  return [...applyOrderFindings(resources), ...schedulingFindings(resources, context), ...referenceFindings(resources, context)];
}
