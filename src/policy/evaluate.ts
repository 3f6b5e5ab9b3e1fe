/** Runs the rules over a set of resources: what the offline preview calls. */
import type { RecordedResource } from "../preview/recorder.js";
import { isChartRendered } from "./chartObjects.js";
import { parsePolicyConfig, type PolicyConfig } from "./config.js";
import { resolveEnforcement } from "./enforcement.js";
import { ALL_RULES } from "./rules/index.js";
import type { PolicyFinding, PolicyResource, PolicyRule, Violation } from "./types.js";

/** The resources a rule judges: all of them, or those the program built itself when it skips chart objects. */
export function resourcesInScope(rule: Pick<PolicyRule, "chartObjects">, resources: readonly PolicyResource[]): PolicyResource[] {
  return rule.chartObjects === "checked" ? [...resources] : resources.filter((resource) => !isChartRendered(resource));
}

/** Runs one rule over the resources in its scope, whatever its scope. */
export function runRule(rule: PolicyRule, resources: readonly PolicyResource[], config: PolicyConfig): Violation[] {
  const inScope = resourcesInScope(rule, resources);
  return rule.scope === "stack" ? rule.check(inScope, config) : inScope.flatMap((resource) => rule.check(resource, config));
}

/**
 * Runs every rule that is not disabled in `config.environment` and returns its violations with the
 * level they are enforced at, mandatory findings first.
 */
export function evaluatePolicies(resources: readonly PolicyResource[], config: PolicyConfig = parsePolicyConfig(), rules: readonly PolicyRule[] = ALL_RULES): PolicyFinding[] {
  const findings = rules.flatMap((rule) => {
    const enforcement = resolveEnforcement(rule, config.environment, config.enforcement);
    if (enforcement === "disabled") return [];
    return runRule(rule, resources, config).map((found): PolicyFinding => ({ ...found, enforcement }));
  });
  return [...findings.filter((finding) => finding.enforcement === "mandatory"), ...findings.filter((finding) => finding.enforcement === "advisory")];
}

/** The offline preview's recorded resources as rules see them (redacted inputs: secrets read `[secret]`). */
export function policyResourcesFromPreview(recorded: readonly Pick<RecordedResource, "type" | "name" | "urn" | "inputs">[]): PolicyResource[] {
  return recorded.map((resource) => ({ type: resource.type, name: resource.name, urn: resource.urn, props: resource.inputs }));
}
