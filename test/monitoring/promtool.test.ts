import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseWith } from "../../src/errors/index.js";
import { alertRules, monitoringSpecSchema, prometheusRule, type AlertRule } from "../../src/monitoring/index.js";
import { ALERT_CASES, type AlertCase } from "./alertCases.js";
import { promtool, requireTool, tempDir, writeRuleFile } from "./prometheusTools.js";

const spec = parseWith(monitoringSpecSchema, {}, "monitoring");
const rules = alertRules(spec);
let dir = "";
let ruleFile = "";

beforeAll(() => {
  requireTool("promtool");
  dir = tempDir("promtool");
  ruleFile = writeRuleFile(dir, prometheusRule(spec));
});

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

function ruleFor(alertCase: AlertCase): AlertRule {
  const matching = rules.filter(
    (rule) => rule.alert === alertCase.alert && Object.entries(alertCase.ruleLabels ?? {}).every(([key, value]) => rule.labels[key] === value),
  );
  expect(matching).toHaveLength(1);
  return matching[0] as AlertRule;
}

/** Annotations as Prometheus renders them for an alert with these labels. */
function rendered(annotations: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(annotations).map(([key, text]) => [key, text.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_match, name: string) => labels[name] ?? "")]),
  );
}

function unitTestFile(alertCase: AlertCase, index: number): string {
  const rule = ruleFor(alertCase);
  const expected = alertCase.firing.map((extra) => {
    const labels = { ...rule.labels, ...extra };
    return { exp_labels: labels, exp_annotations: rendered(rule.annotations, labels) };
  });
  const file = join(dir, `case-${index}.yaml`);
  writeFileSync(
    file,
    stringify({
      rule_files: [ruleFile],
      evaluation_interval: "1m",
      tests: [
        {
          interval: "1m",
          input_series: alertCase.series,
          alert_rule_test: [{ eval_time: `${alertCase.evalMinutes}m`, alertname: alertCase.alert, exp_alerts: expected }],
        },
      ],
    }),
  );
  return file;
}

describe("alert rules under promtool", () => {
  it("pass `promtool check rules`", () => {
    const result = promtool(["check", "rules", ruleFile], dir);
    expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
    expect(result.status).toBe(0);
  });

  it("have a firing and a quiet unit test for every alert, including each absent() guard", () => {
    const keyOf = (alert: string, labels: Readonly<Record<string, string>> = {}): string => `${alert}${labels["metric"] ?? ""}`;
    const covered = (firing: boolean): Set<string> =>
      new Set(ALERT_CASES.filter((alertCase) => (alertCase.firing.length > 0) === firing).map((alertCase) => keyOf(alertCase.alert, alertCase.ruleLabels)));
    const all = rules.map((rule) => keyOf(rule.alert, rule.labels));
    expect([...covered(true)].sort()).toEqual([...all].sort());
    expect([...covered(false)].sort()).toEqual([...all].sort());
  });

  it.each(ALERT_CASES.map((alertCase, index) => [`${alertCase.alert}${alertCase.ruleLabels ? ` (${alertCase.ruleLabels["metric"]})` : ""} ${alertCase.behaviour}`, alertCase, index] as const))(
    "%s (promtool test rules)",
    (_name, alertCase, index) => {
      const result = promtool(["test", "rules", unitTestFile(alertCase, index)], dir);
      expect(result.output).toContain("SUCCESS");
      expect(result.status).toBe(0);
    },
  );
});
