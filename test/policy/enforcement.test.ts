import { describe, expect, it } from "vitest";
import { ALL_RULES, ENVIRONMENT_ENFORCEMENT, ENVIRONMENTS, parsePolicyConfig, resolveEnforcement, type PolicyRule } from "../../src/policy/index.js";
import { LlmfleetError, LlmfleetErrors } from "../../src/errors/index.js";

const ruleNamed = (name: string): PolicyRule => {
  const rule = ALL_RULES.find((candidate) => candidate.name === name);
  if (rule === undefined) throw new Error(`no rule ${name}`);
  return rule;
};

describe("the rule catalogue", () => {
  it("has the 25 rules of the security catalogue, the three inference-routing rules, the OSS writer scope, the two ACK GPU rules and alert routing, with unique kebab-case names", () => {
    const names = ALL_RULES.map((rule) => rule.name);
    expect(names).toHaveLength(32);
    expect(new Set(names).size).toBe(32);
    for (const name of names) expect(name).toMatch(/^[a-z]+(-[a-z]+)*$/);
  });
});

describe("resolveEnforcement", () => {
  const hpa = ruleNamed("hpa-behavior");
  const secrets = ruleNamed("no-secret-literals");

  it("keeps each rule's default in staging", () => {
    expect(resolveEnforcement(hpa, "staging")).toBe("advisory");
    expect(resolveEnforcement(secrets, "staging")).toBe("mandatory");
  });

  it("makes every rule mandatory in prod", () => {
    for (const rule of ALL_RULES) expect(resolveEnforcement(rule, "prod")).toBe("mandatory");
  });

  it("makes dev advisory except the rules that guard credentials and exposure", () => {
    const mandatory = ALL_RULES.filter((rule) => resolveEnforcement(rule, "dev") === "mandatory").map((rule) => rule.name);
    expect(mandatory).toEqual(Object.keys(ENVIRONMENT_ENFORCEMENT.dev.rules));
    expect(resolveEnforcement(ruleNamed("gpu-rollout"), "dev")).toBe("advisory");
  });

  it("lets an explicit override win in every environment", () => {
    for (const environment of ENVIRONMENTS) {
      expect(resolveEnforcement(secrets, environment, { "no-secret-literals": "disabled" })).toBe("disabled");
      expect(resolveEnforcement(hpa, environment, { "hpa-behavior": "mandatory" })).toBe("mandatory");
    }
  });

  it("keeps a rule that is disabled by default disabled unless overridden", () => {
    const dormant = { name: "dormant", defaultEnforcement: "disabled" } as const;
    expect(resolveEnforcement(dormant, "prod")).toBe("disabled");
    expect(resolveEnforcement(dormant, "prod", { dormant: "advisory" })).toBe("advisory");
  });
});

describe("parsePolicyConfig", () => {
  it("fills defaults: prod, the GPU catalogue, the vendor waiver list", () => {
    const config = parsePolicyConfig({});
    expect(config.environment).toBe("prod");
    expect(config.allowedGpuInstanceTypes).toContain("ecs.gn8v-8x.48xlarge");
    expect(config.nonRootWaivableImages).toContain("docker.io/vllm/vllm-openai");
    expect(config.gatewaySelector).toEqual({ istio: "ingressgateway" });
  });

  it.each([
    [{ enforcement: { "no-privilegd": "mandatory" } }, "enforcement.no-privilegd"],
    [{ enforcement: { "no-privileged": "strict" } }, "enforcement.no-privileged"],
    [{ environment: "qa" }, "environment"],
    [{ allowedRegistries: [] }, "allowedRegistries"],
    [{ trustRemoteCodeModels: [""] }, "trustRemoteCodeModels[0]"],
    [{ minRouteTimeoutSeconds: -1 }, "minRouteTimeoutSeconds"],
    [{ gatewaySelector: {} }, "gatewaySelector"],
    [{ allowedRegistry: ["docker.io"] }, "allowedRegistry"],
  ])("rejects %j naming %s", (input, field) => {
    let error: unknown;
    try {
      parsePolicyConfig(input);
    } catch (caught) {
      error = caught;
    }
    const errors = error instanceof LlmfleetErrors ? error.errors : [error];
    expect(errors[0]).toBeInstanceOf(LlmfleetError);
    expect((errors[0] as LlmfleetError).field).toBe(field);
    expect((errors[0] as LlmfleetError).message).toContain("Fix: ");
  });
});
