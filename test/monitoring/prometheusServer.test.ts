import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseWith } from "../../src/errors/index.js";
import { alertRules, DASHBOARDS, dashboardQueries, monitoringSpecSchema, prometheusRule } from "../../src/monitoring/index.js";
import { FIXTURE_MODEL, FIXTURE_NAMESPACE, startMetricsExporter, type MetricsExporter } from "./fixtures/metricsExporter.js";
import { startPrometheus, tempDir, waitFor, writeRuleFile, type PrometheusServer } from "./prometheusTools.js";

/**
 * Every dashboard query and alert expression, evaluated by a real Prometheus that scrapes an
 * exporter serving realistic vLLM, DCGM and kube-state-metrics series once a second.
 */
const spec = parseWith(monitoringSpecSchema, { servingNamespaces: [FIXTURE_NAMESPACE] }, "monitoring");

/** Grafana variables as Grafana would substitute them for the fixture. */
const VARIABLES: Readonly<Record<string, string>> = {
  $__rate_interval: "30s",
  $model_name: FIXTURE_MODEL,
  $namespace: FIXTURE_NAMESPACE,
  $Hostname: ".*",
};

function substitute(expr: string): string {
  const result = Object.entries(VARIABLES).reduce((text, [variable, value]) => text.split(variable).join(value), expr);
  expect(result, `unsubstituted Grafana variable in ${expr}`).not.toContain("$");
  return result;
}

const dashboardCases = DASHBOARDS.flatMap((dashboard) => dashboardQueries(dashboard).map((expr) => [dashboard.uid, expr] as const));
const alertCases = alertRules(spec).map((rule) => [rule.alert, rule.expr] as const);

let exporter: MetricsExporter | undefined;
let prometheus: PrometheusServer | undefined;

function server(): PrometheusServer {
  if (prometheus === undefined) throw new Error("Prometheus did not start");
  return prometheus;
}

beforeAll(async () => {
  exporter = await startMetricsExporter();
  prometheus = await startPrometheus(exporter.url, writeRuleFile(tempDir("rules"), prometheusRule(spec)));
  // rate() over 30s needs several samples of every counter: wait for at least 8 scrapes.
  await waitFor("8 scrapes of the fixture", 30_000, async () => (exporter?.scrapes() ?? 0) >= 8);
  await waitFor("the histograms to have rates", 15_000, async () => {
    const response = await server().query("rate(vllm:time_to_first_token_seconds_count[30s]) > 0");
    return (response.data?.result.length ?? 0) > 0;
  });
}, 90_000);

afterAll(async () => {
  await prometheus?.stop();
  await exporter?.close();
});

describe("dashboards and alerts against a real Prometheus", () => {
  it("scrapes the fixture", async () => {
    const up = await server().query('up{job="llmfleet-engines"}');
    expect(up.data?.result).toEqual([expect.objectContaining({ value: [expect.any(Number), "1"] })]);
  });

  it.each(dashboardCases)("%s: %s parses and returns data", async (_uid, expr) => {
    const response = await server().query(substitute(expr));
    expect(response.error).toBeUndefined();
    expect(response.status).toBe("success");
    expect(response.data?.result.length).toBeGreaterThan(0);
  });

  it.each(alertCases)("alert %s: %s parses", async (_alert, expr) => {
    const response = await server().query(expr);
    expect(response.error).toBeUndefined();
    expect(response.status).toBe("success");
  });

  it("loads every alert rule with health ok and none firing on a healthy fixture", async () => {
    const response = (await (await fetch(`${server().url}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; health: string; state: string }[] }[] };
    };
    const loaded = response.data.groups.flatMap((group) => group.rules);
    expect(loaded).toHaveLength(alertCases.length);
    for (const rule of loaded) {
      expect(rule.health, rule.name).toBe("ok");
      expect(rule.state, rule.name).toBe("inactive");
    }
  });
});
