import { readdirSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { stackPackConfig } from "../../src/policy/stackPackConfig.js";
import { parseFleetConfig } from "../../src/stack/index.js";
import { describe, expect, it } from "vitest";
import { ALL_RULES, ENVIRONMENTS, knownProps, parsePolicyConfig, policyPackConfig, policyPackRules, UNKNOWN, type PackPolicy, type PackResourceArgs } from "../../src/policy/index.js";
import { compliantStack, gpuDeployment, nodePool } from "./fixtures.js";
import type { PolicyResource } from "../../src/policy/index.js";

interface Reported {
  readonly message: string;
  readonly urn: string | undefined;
}

const asArgs = (resource: PolicyResource, config: object = {}): PackResourceArgs => ({ type: resource.type, name: resource.name, urn: resource.urn ?? "", props: { ...resource.props }, getConfig: () => config });

/** Runs a pack policy the way CrossGuard would: each resource for resource policies, the whole stack for stack policies. */
function runPolicy(policy: PackPolicy, resources: readonly PolicyResource[], config: object = {}): Reported[] {
  const reported: Reported[] = [];
  const reportViolation = (message: string, urn?: string) => reported.push({ message, urn });
  if ("validateResource" in policy) for (const resource of resources) policy.validateResource(asArgs(resource, config), reportViolation);
  else policy.validateStack({ resources: resources.map((resource) => asArgs(resource)), getConfig: () => config }, reportViolation);
  return reported;
}

const policyNamed = (name: string, environment: "dev" | "staging" | "prod" = "prod"): PackPolicy => {
  const policy = policyPackRules(parsePolicyConfig({ environment })).find((candidate) => candidate.name === name);
  if (policy === undefined) throw new Error(`no policy ${name}`);
  return policy;
};

describe("policyPackRules", () => {
  it("makes one CrossGuard policy per rule, resource rules validating resources and stack rules the stack", () => {
    const policies = policyPackRules(parsePolicyConfig());
    expect(policies.map((policy) => policy.name)).toEqual(ALL_RULES.map((rule) => rule.name));
    for (const [index, rule] of ALL_RULES.entries()) expect("validateStack" in (policies[index] ?? {})).toBe(rule.scope === "stack");
  });

  it("reports nothing for the compliant stack", () => {
    for (const policy of policyPackRules(parsePolicyConfig())) expect(runPolicy(policy, compliantStack())).toEqual([]);
  });

  it("reports a resource violation through reportViolation with the rule's message", () => {
    const privileged = gpuDeployment({ container: { securityContext: { privileged: true } } });
    const [reported] = runPolicy(policyNamed("no-privileged"), [privileged]);
    expect(reported?.message).toContain('Deployment llm-serving/qwen container "vllm" runs privileged');
    expect(reported?.urn).toBe(privileged.urn);
  });

  it("reports stack violations against the offending resource's URN, or the stack", () => {
    const untainted = nodePool("a10x2", { taints: [] });
    expect(runPolicy(policyNamed("gpu-pool-placement"), [untainted])[0]?.urn).toBe(untainted.urn);
    expect(runPolicy(policyNamed("netpol-default-deny"), [gpuDeployment()])[0]?.urn).toBeUndefined();
  });

  it("sets each policy's level from the environment", () => {
    expect(policyNamed("hpa-behavior", "dev").enforcementLevel).toBe("advisory");
    expect(policyNamed("hpa-behavior", "prod").enforcementLevel).toBe("mandatory");
  });

  it("exposes a rule's lists as configSchema with the configured defaults, and honours the policy config", () => {
    const policy = policyNamed("gpu-instance-allowlist");
    expect(policy.configSchema?.properties["allowedGpuInstanceTypes"]).toMatchObject({ type: "array", items: { type: "string" } });
    expect(runPolicy(policy, [nodePool("a10x2")])).toEqual([]);
    expect(runPolicy(policy, [nodePool("a10x2")], { enforcementLevel: "mandatory", allowedGpuInstanceTypes: ["ecs.gn8v.4xlarge"] })).toHaveLength(1);
  });

  it("rejects invalid policy config, naming the policy and key", () => {
    expect(() => runPolicy(policyNamed("image-pinned"), [gpuDeployment()], { allowedRegistries: [] })).toThrow(/^image-pinned\.allowedRegistries/);
  });
});

/** CrossGuard's own proxy (internal to @pulumi/policy, so untyped): it throws UnknownValueError on values unknown during preview. */
const crossGuard = (await import("@pulumi/policy/proxy.js")) as unknown as { unknownCheckingProxy: (props: object) => Record<string, unknown>; unknownStringValue: string };

describe("knownProps", () => {
  it("turns CrossGuard's unknown values into the preview's marker so rules judge them alike", () => {
    const props = crossGuard.unknownCheckingProxy({ apiVersion: "v1", kind: "Service", metadata: { name: "qwen" }, spec: { type: crossGuard.unknownStringValue, ports: [{ port: crossGuard.unknownStringValue }] } });
    expect(() => (props["spec"] as Record<string, unknown>)["type"]).toThrow(/can't be known during preview/);
    expect(knownProps(props)).toEqual({ apiVersion: "v1", kind: "Service", metadata: { name: "qwen" }, spec: { type: UNKNOWN, ports: [{ port: UNKNOWN }] } });
    const [reported] = runPolicy(policyNamed("no-public-services"), [{ type: "kubernetes:core/v1:Service", name: "qwen", props }]);
    expect(reported?.message).toContain("Service default/qwen has spec.type unknown during preview");
  });

  it("lets other errors through", () => {
    const broken = new Proxy({ a: 1 }, { get: () => { throw new TypeError("bug"); } });
    expect(() => knownProps(broken)).toThrow(TypeError);
  });
});

describe("policy/config", () => {
  const stacks = readdirSync(new URL("../../stacks/", import.meta.url)).flatMap((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1] ?? []);

  it("has one pack configuration per shipped stack", () => {
    expect(readdirSync(new URL("../../policy/config/", import.meta.url)).sort()).toEqual(stacks.map((stack) => `${stack}.json`).sort());
  });

  it.each(stacks)("%s.json carries the levels of the stack file's environment and policy.enforcement (llmfleet policy-config)", (stack) => {
    const file = JSON.parse(readFileSync(new URL(`../../policy/config/${stack}.json`, import.meta.url), "utf8")) as unknown;
    const fleet = parseFleetConfig((parse(readFileSync(new URL(`../../stacks/Pulumi.${stack}.yaml`, import.meta.url), "utf8")) as { config: Record<string, unknown> }).config["llmfleet:fleet"]);
    expect(file).toEqual(stackPackConfig({ environment: fleet.environment, enforcement: fleet.policy.enforcement }, "llmfleet:fleet.policy"));
  });

  it("keeps the batch stack's documented caps-drop-all exception, which CrossGuard could not read from the stack file", () => {
    const batch = JSON.parse(readFileSync(new URL("../../policy/config/batch.json", import.meta.url), "utf8")) as Record<string, string>;
    expect(batch["caps-drop-all"]).toBe("advisory");
    expect(batch).toEqual({ ...policyPackConfig("staging"), "caps-drop-all": "advisory" });
    for (const environment of ENVIRONMENTS) expect(Object.keys(policyPackConfig(environment))).toEqual(Object.keys(batch));
  });
});
