/**
 * Enforcement levels per environment. A rule's level is, in order of precedence: the stack's
 * explicit override, the environment preset's level for that rule, the preset's level for every
 * rule, and the rule's own default.
 */
import type { EnforcementLevel, PolicyRule } from "./types.js";

export const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export interface EnforcementPreset {
  /** Level for every enabled rule, or `rule-default` to keep each rule's default. */
  readonly level: Exclude<EnforcementLevel, "disabled"> | "rule-default";
  /** Levels for particular rules, taking precedence over `level`. */
  readonly rules: Readonly<Partial<Record<string, EnforcementLevel>>>;
}

/**
 * dev reports everything but blocks only what leaks credentials or exposes the cluster even in a
 * throwaway stack; staging uses each rule's default; prod blocks on every rule.
 */
export const ENVIRONMENT_ENFORCEMENT: Readonly<Record<Environment, EnforcementPreset>> = {
  dev: {
    level: "advisory",
    rules: {
      "no-privileged": "mandatory",
      "host-namespaces": "mandatory",
      "no-hostpath": "mandatory",
      "no-secret-literals": "mandatory",
      "no-public-services": "mandatory",
      "grafana-secure": "mandatory",
    },
  },
  staging: { level: "rule-default", rules: {} },
  prod: { level: "mandatory", rules: {} },
};

/** The level `rule` is enforced at in `environment`; rules disabled by default stay disabled unless overridden. */
export function resolveEnforcement(
  rule: Pick<PolicyRule, "name" | "defaultEnforcement">,
  environment: Environment,
  overrides: Readonly<Partial<Record<string, EnforcementLevel>>> = {},
): EnforcementLevel {
  const override = overrides[rule.name];
  if (override !== undefined) return override;
  const preset = ENVIRONMENT_ENFORCEMENT[environment];
  const presetRule = preset.rules[rule.name];
  if (presetRule !== undefined) return presetRule;
  if (rule.defaultEnforcement === "disabled" || preset.level === "rule-default") return rule.defaultEnforcement;
  return preset.level;
}
