/**
 * The shapes every policy rule shares. A rule is a plain function over `PolicyResource`s, the common
 * denominator of what CrossGuard (`args.type`, `args.name`, `args.props`) and the offline preview
 * (`RecordedResource.type`, `.name`, `.inputs`) can supply, so the same rule runs in both.
 */
import type { PolicyConfig } from "./config.js";

/** One resource as a rule sees it. `props` are the resource inputs; unknown values read as `UNKNOWN`. */
export interface PolicyResource {
  /** Pulumi type token, e.g. `kubernetes:apps/v1:Deployment` or `alicloud:cs/nodePool:NodePool`. */
  readonly type: string;
  /** Pulumi resource name. */
  readonly name: string;
  readonly urn?: string;
  readonly props: Readonly<Record<string, unknown>>;
}

/** What happens when a rule is violated (the CrossGuard levels llmfleet uses). */
export type EnforcementLevel = "advisory" | "mandatory" | "disabled";

/** One broken rule. `message` says what is wrong, why it matters and how to fix it. */
export interface Violation {
  readonly rule: string;
  /** The offending resource, or null when the stack as a whole lacks something. */
  readonly resource: { readonly name: string; readonly urn?: string } | null;
  readonly message: string;
}

interface RuleMetadata {
  /** Kebab-case id, also the CrossGuard policy name, e.g. `no-privileged`. */
  readonly name: string;
  readonly description: string;
  readonly defaultEnforcement: EnforcementLevel;
  /** `PolicyConfig` settings the rule reads, exposed as CrossGuard policy configuration. */
  readonly settings?: readonly PolicySettingKey[];
  /**
   * Whether the rule also judges the objects a Helm chart renders (node-exporter, the DCGM exporter,
   * istiod, the gateway, Prometheus, Grafana, the operators). Host access, privilege, secrets,
   * exposure and monitoring rules do, with chart workloads that must be privileged exempted by name
   * (`CHART_EXEMPTIONS`); rules about how llmfleet builds its own workloads (probes, rollouts,
   * images, service accounts, network and mesh policies of the serving namespaces) skip them.
   */
  readonly chartObjects: "checked" | "skipped";
}

/** A rule that judges one resource at a time (CrossGuard `validateResource`). */
export interface ResourceRule extends RuleMetadata {
  readonly scope: "resource";
  check(resource: PolicyResource, config: PolicyConfig): Violation[];
}

/** A rule that needs every resource of the stack (CrossGuard `validateStack`). */
export interface StackRule extends RuleMetadata {
  readonly scope: "stack";
  check(resources: readonly PolicyResource[], config: PolicyConfig): Violation[];
}

export type PolicyRule = ResourceRule | StackRule;

/** The `PolicyConfig` settings individual rules read (exposed per policy in CrossGuard). */
export type PolicySettingKey =
  | "allowedGpuInstanceTypes"
  | "allowedRegistries"
  | "nonRootWaivableImages"
  | "trustRemoteCodeModels"
  | "minRouteTimeoutSeconds";

/** A violation together with the enforcement level it is reported at. */
export interface PolicyFinding extends Violation {
  readonly enforcement: Exclude<EnforcementLevel, "disabled">;
}

/** The three parts of a violation message. */
export interface ViolationText {
  /** What is wrong, naming the object and field, e.g. `Deployment llm-serving/qwen container "vllm" runs privileged`. */
  readonly what: string;
  readonly why: string;
  readonly fix: string;
}

/** Builds a violation whose message reads `<what>: <why>. Fix: <fix>`. */
export function violation(rule: string, resource: PolicyResource | null, text: ViolationText): Violation {
  const target = resource === null ? null : resource.urn === undefined ? { name: resource.name } : { name: resource.name, urn: resource.urn };
  return { rule, resource: target, message: `${text.what}: ${text.why}. Fix: ${text.fix}` };
}
