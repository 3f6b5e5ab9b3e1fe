/** Runs the rules over a set of resources: what the offline preview calls. */
import type { RecordedResource } from "../preview/recorder.js";
import { parsePolicyConfig, type PolicyConfig } from "./config.js";
import { resolveEnforcement } from "./enforcement.js";
import { ALL_RULES } from "./rules/index.js";
import type { PolicyFinding, PolicyResource, PolicyRule, Violation } from "./types.js";

/** Runs one rule over the resources, whatever its scope. */
export function runRule(rule: PolicyRule, resources: readonly PolicyResource[], config: PolicyConfig): Violation[] {
  return rule.scope === "stack" ? rule.check(resources, config) : resources.flatMap((resource) => rule.check(resource, config));
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
