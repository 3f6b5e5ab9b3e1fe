import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseWith } from "../../src/errors/index.js";
import { alertRules, monitoringSpecSchema, prometheusRule, type AlertRule } from "../../src/monitoring/index.js";
import { ALERT_CASES as SERVING_AND_GPU_CASES, ALERT_TEST_SPEC, type AlertCase } from "./alertCases.js";
import { ENDPOINT_PICKER_ALERT_CASES } from "./endpointPickerAlertCases.js";
import { promtool, requireTool, tempDir, writeRuleFile } from "./prometheusTools.js";

const ALERT_CASES: readonly AlertCase[] = [...SERVING_AND_GPU_CASES, ...ENDPOINT_PICKER_ALERT_CASES];
const spec = parseWith(monitoringSpecSchema, ALERT_TEST_SPEC, "monitoring");
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

/** Labels that tell apart rules sharing an alert name. */
const DISTINGUISHING = ["metric", "deployment"] as const;

function keyOf(alert: string, labels: Readonly<Record<string, string>> = {}): string {
  return [alert, ...DISTINGUISHING.map((label) => labels[label] ?? "")].join("|");
}

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
    const labels = { ...extra, ...rule.labels };
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

  it("each carry a runbook in docs/runbooks", () => {
    for (const rule of rules) expect(rule.annotations["runbook_url"]).toBe(`docs/runbooks/${rule.alert}.md`);
  });

  it("have a firing and a quiet unit test for every rule, including each guard and each watched deployment", () => {
    const covered = (firing: boolean): Set<string> =>
      new Set(ALERT_CASES.filter((alertCase) => (alertCase.firing.length > 0) === firing).map((alertCase) => keyOf(alertCase.alert, alertCase.ruleLabels)));
    const all = [...new Set(rules.map((rule) => keyOf(rule.alert, rule.labels)))].sort();
    expect([...covered(true)].sort()).toEqual(all);
    expect([...covered(false)].sort()).toEqual(all);
  });

  it.each(
    ALERT_CASES.map((alertCase, index) => {
      const distinguishing = Object.values(alertCase.ruleLabels ?? {});
      return [`${alertCase.alert}${distinguishing.length > 0 ? ` (${distinguishing.join(", ")})` : ""} ${alertCase.behaviour}`, alertCase, index] as const;
    }),
  )("%s (promtool test rules)", (_name, alertCase, index) => {
    const result = promtool(["test", "rules", unitTestFile(alertCase, index)], dir);
    expect(result.output).toContain("SUCCESS");
    expect(result.status).toBe(0);
  });
});
