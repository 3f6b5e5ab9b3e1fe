import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ALL_RULES, evaluatePolicies, parsePolicyConfig, runRule, UNKNOWN, type PolicyResource } from "../../src/policy/index.js";
import { compliantStack, gpuDeployment } from "./fixtures.js";

describe("evaluatePolicies", () => {
  it("finds nothing in a stack that follows every rule", () => {
    expect(evaluatePolicies(compliantStack())).toEqual([]);
  });

  it("reports each violation with the level of its environment, mandatory first", () => {
    const privileged = gpuDeployment({ container: { securityContext: { privileged: true } }, pod: { automountServiceAccountToken: true } });
    const findings = evaluatePolicies([privileged], parsePolicyConfig({ environment: "dev" }));
    expect(findings.map((finding) => [finding.rule, finding.enforcement])).toEqual([
      ["no-privileged", "mandatory"],
      ["caps-drop-all", "advisory"],
      ["non-root", "advisory"],
      ["pdb-sane", "advisory"],
      ["sa-rbac", "advisory"],
      ["netpol-default-deny", "advisory"],
      ["netpol-default-deny", "advisory"],
    ]);
  });

  it("skips rules the configuration disables", () => {
    const privileged = gpuDeployment({ container: { securityContext: { privileged: true, allowPrivilegeEscalation: false } } });
    const config = parsePolicyConfig({ enforcement: { "no-privileged": "disabled" } });
    expect(evaluatePolicies([privileged], config).map((finding) => finding.rule)).not.toContain("no-privileged");
  });
});

/** Every path into a value, objects and leaves alike. */
function pathsOf(value: unknown, prefix: readonly (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [];
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  return entries.flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
}

function replaceAt(value: unknown, path: readonly (string | number)[], replacement: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return replacement;
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map((item, index) => (index === key ? replaceAt(item, rest, replacement) : item));
  const record = value as Record<string, unknown>;
  return { ...record, [key]: replaceAt(record[key], rest, replacement) };
}

describe("values not known before deployment", () => {
  const stack = compliantStack();
  const holes = stack.flatMap((resource, index) => pathsOf(resource.props).map((path) => ({ index, path })));

  it("never crash a rule, whether the preview marks them [computed] or CrossGuard leaves them undefined", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...holes), { minLength: 1, maxLength: 8 }), fc.constantFrom(UNKNOWN, undefined), (chosen, replacement) => {
        const resources: PolicyResource[] = stack.map((resource, index) => {
          const props = chosen.filter((hole) => hole.index === index).reduce<unknown>((props, hole) => replaceAt(props, hole.path, replacement), resource.props);
          return { ...resource, props: props as Record<string, unknown> };
        });
        for (const rule of ALL_RULES) {
          for (const found of runRule(rule, resources, parsePolicyConfig())) expect(found.message).toContain("Fix: ");
        }
      }),
      { numRuns: 300 },
    );
  });

  it("make security fields a violation rather than a silent pass", () => {
    const unknownPrivilege = gpuDeployment({ container: { securityContext: { ...{ allowPrivilegeEscalation: false }, privileged: UNKNOWN } } });
    const [finding] = evaluatePolicies([unknownPrivilege]).filter((found) => found.rule === "no-privileged");
    expect(finding?.message).toMatch(/Deployment llm-serving\/qwen container "vllm" has securityContext.privileged .* unknown during preview/);
  });

  it("leave other fields unjudged", () => {
    const unknownMemory = gpuDeployment({ container: { resources: { requests: { memory: UNKNOWN, "nvidia.com/gpu": 2 }, limits: { memory: UNKNOWN, "nvidia.com/gpu": 2, "ephemeral-storage": "50Gi" } } } });
    expect(evaluatePolicies([unknownMemory]).filter((found) => found.rule === "memory-budget")).toEqual([]);
  });
});
