import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ALL_RULES, resolveEnforcement } from "../../src/policy/index.js";

describe("docs/policy.md", () => {
  it("lists every rule with its scope, levels, chart-object scope and description", () => {
    const rows = readFileSync(new URL("../../docs/policy.md", import.meta.url), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("| `"));
    expect(rows).toEqual(
      ALL_RULES.map((rule) => `| \`${rule.name}\` | ${rule.scope} | ${rule.defaultEnforcement} | ${resolveEnforcement(rule, "dev")} | ${rule.chartObjects} | ${rule.description} |`),
    );
  });
});
