/**
 * The rules as CrossGuard policies, without importing `@pulumi/policy`: the returned objects have
 * the shape of its `ResourceValidationPolicy` and `StackValidationPolicy`, so `policy/index.ts`
 * passes them to `new PolicyPack` as they are, and tests call them with fake arguments.
 */
import { parseWith } from "../errors/index.js";
import { policyConfigSchema, type PolicyConfig } from "./config.js";
import { resolveEnforcement, type Environment } from "./enforcement.js";
import { resourcesInScope } from "./evaluate.js";
import { ALL_RULES } from "./rules/index.js";
import type { EnforcementLevel, PolicyResource, PolicyRule, PolicySettingKey } from "./types.js";
import { knownProps, isObject } from "./values.js";

/** What CrossGuard passes a resource validation (a subset of `ResourceValidationArgs`). */
export interface PackResourceArgs {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly props: Record<string, unknown>;
  /** The policy's configuration from `--policy-pack-config`, with schema defaults applied. */
  getConfig?(): object;
}

/** What CrossGuard passes a stack validation (a subset of `StackValidationArgs`). */
export interface PackStackArgs {
  readonly resources: readonly Omit<PackResourceArgs, "getConfig">[];
  getConfig?(): object;
}

export type ReportViolation = (message: string, urn?: string) => void;

/** JSON Schema of one policy setting, as CrossGuard's `configSchema` takes it. */
export interface SettingSchema {
  readonly type: "array" | "integer";
  readonly items?: { readonly type: "string" };
  readonly minimum?: number;
  readonly description: string;
  readonly default: readonly string[] | number;
}

interface PackPolicyBase {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly configSchema?: { readonly properties: Record<string, SettingSchema> };
}

export interface PackResourcePolicy extends PackPolicyBase {
  validateResource(args: PackResourceArgs, reportViolation: ReportViolation): void;
}

export interface PackStackPolicy extends PackPolicyBase {
  validateStack(args: PackStackArgs, reportViolation: ReportViolation): void;
}

export type PackPolicy = PackResourcePolicy | PackStackPolicy;

const SETTING_DESCRIPTIONS: Readonly<Record<PolicySettingKey, string>> = {
  allowedGpuInstanceTypes: "ECS GPU instance types node pools may use",
  allowedRegistries: "Repository prefixes images may come from (* matches within one path segment)",
  nonRootWaivableImages: "Repository patterns whose containers may run as root under a llmfleet.io/waiver-non-root annotation",
  trustRemoteCodeModels: "Models whose code was reviewed, allowed with --trust-remote-code",
  minRouteTimeoutSeconds: "Shortest Istio route timeout in seconds",
};

function settingSchema(key: PolicySettingKey, config: PolicyConfig): SettingSchema {
  const value = config[key];
  const description = SETTING_DESCRIPTIONS[key];
  if (typeof value === "number") return { type: "integer", minimum: 1, description, default: value };
  return { type: "array", items: { type: "string" }, description, default: value };
}

function configSchemaOf(settings: readonly PolicySettingKey[], config: PolicyConfig): { readonly properties: Record<string, SettingSchema> } {
  return { properties: Object.fromEntries(settings.map((key) => [key, settingSchema(key, config)])) };
}

/** `config` with the rule's settings replaced by those CrossGuard passes, validated under the rule's name. */
function configWithSettings(rule: PolicyRule, config: PolicyConfig, getConfig: (() => object) | undefined): PolicyConfig {
  const given = getConfig?.();
  if (!isObject(given) || rule.settings === undefined) return config;
  const settings = Object.fromEntries(rule.settings.filter((key) => key in given).map((key) => [key, given[key]]));
  return Object.keys(settings).length === 0 ? config : parseWith(policyConfigSchema, { ...config, ...settings }, rule.name);
}

function asPolicyResource(args: Omit<PackResourceArgs, "getConfig">): PolicyResource {
  const props = knownProps(args.props);
  return { type: args.type, name: args.name, urn: args.urn, props: isObject(props) ? props : {} };
}

function report(violations: ReturnType<PolicyRule["check"]>, reportViolation: ReportViolation): void {
  for (const found of violations) {
    if (found.resource?.urn === undefined) reportViolation(found.message);
    else reportViolation(found.message, found.resource.urn);
  }
}

/** One CrossGuard policy per rule, at the level `config.environment` and `config.enforcement` give it. */
export function policyPackRules(config: PolicyConfig, rules: readonly PolicyRule[] = ALL_RULES): PackPolicy[] {
  return rules.map((rule): PackPolicy => {
    const base: PackPolicyBase = {
      name: rule.name,
      description: rule.description,
      enforcementLevel: resolveEnforcement(rule, config.environment, config.enforcement),
      ...(rule.settings === undefined ? {} : { configSchema: configSchemaOf(rule.settings, config) }),
    };
    if (rule.scope === "resource") {
      return {
        ...base,
        validateResource: (args, reportViolation) => {
          const ruleConfig = configWithSettings(rule, config, args.getConfig?.bind(args));
          report(resourcesInScope(rule, [asPolicyResource(args)]).flatMap((resource) => rule.check(resource, ruleConfig)), reportViolation);
        },
      };
    }
    return {
      ...base,
      validateStack: (args, reportViolation) => {
        const ruleConfig = configWithSettings(rule, config, args.getConfig?.bind(args));
        report(rule.check(resourcesInScope(rule, args.resources.map(asPolicyResource)), ruleConfig), reportViolation);
      },
    };
  });
}

/**
 * The `--policy-pack-config` file for an environment: each rule's enforcement level. The files
 * under `policy/config/` are generated from this and kept in sync by a test.
 */
export function policyPackConfig(
  environment: Environment,
  overrides: PolicyConfig["enforcement"] = {},
  rules: readonly PolicyRule[] = ALL_RULES,
): Record<string, EnforcementLevel> {
  return Object.fromEntries(rules.map((rule) => [rule.name, resolveEnforcement(rule, environment, overrides)]));
}
