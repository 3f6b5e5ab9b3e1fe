import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseWith } from "../../src/errors/index.js";
import { dashboardQueries, endpointPickerDashboard, ENDPOINT_PICKER_JOB, ENGINE_JOB, monitoringSpecSchema, prometheusRule, VLLM_SERVING_METRICS } from "../../src/monitoring/index.js";
import { FIXTURE_POOL, startPickerExporters, type PickerExporters } from "./fixtures/endpointPickerExporter.js";
import { FIXTURE_NAMESPACE, startFleetExporters, type FleetExporters } from "./fixtures/metricsExporter.js";
import { startPrometheus, tempDir, waitFor, writeRuleFile, type PrometheusServer } from "./prometheusTools.js";

/**
 * The routing dashboard and the endpoint-picker alerts, evaluated by a real Prometheus scraping a
 * picker that prints EPP v1.5.0's metrics, kube-state-metrics' view of its Deployment, and the
 * fixture fleet's vLLM engines (whose prefix-cache counters the dashboard shows per pool).
 */
const spec = parseWith(monitoringSpecSchema, { servingNamespaces: [FIXTURE_NAMESPACE], endpointPickers: [{ namespace: FIXTURE_NAMESPACE, inferencePool: FIXTURE_POOL }] }, "monitoring");
const routingRules = (prometheusRule(spec, [VLLM_SERVING_METRICS]).spec as { groups: { name: string; rules: { alert: string; expr: string }[] }[] }).groups.find((group) => group.name === "llmfleet.routing")?.rules ?? [];

/** Grafana's substitutions for the fixture: every namespace and pool, a 30 s rate window. */
function substitute(expr: string): string {
  const result = expr.split("$__rate_interval").join("30s").split("$namespace").join(FIXTURE_NAMESPACE).split("$pool").join(".*");
  expect(result, `unsubstituted Grafana variable in ${expr}`).not.toContain("$");
  return result;
}

describe("routing dashboard and endpoint-picker alerts against a real Prometheus", () => {
  let fleet: FleetExporters | undefined;
  let pickers: PickerExporters | undefined;
  let prometheus: PrometheusServer | undefined;

  function server(): PrometheusServer {
    if (prometheus === undefined) throw new Error("Prometheus did not start");
    return prometheus;
  }

  beforeAll(async () => {
    fleet = await startFleetExporters(VLLM_SERVING_METRICS);
    pickers = await startPickerExporters();
    prometheus = await startPrometheus(
      [
        { name: ENGINE_JOB, honorLabels: false, targets: fleet.engines },
        { name: ENDPOINT_PICKER_JOB, honorLabels: false, targets: [pickers.picker] },
        { name: "cluster", honorLabels: true, targets: [fleet.cluster, pickers.state] },
      ],
      writeRuleFile(tempDir("rules"), prometheusRule(spec, [VLLM_SERVING_METRICS])),
    );
    await waitFor("8 scrapes of every fixture", 30_000, async () => Math.min(fleet?.scrapes() ?? 0, pickers?.scrapes() ?? 0) >= 8);
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await pickers?.close();
    await fleet?.close();
  });

  it("scrapes the picker with its namespace and pool", async () => {
    const up = await server().query(`up{job="${ENDPOINT_PICKER_JOB}"}`);
    expect((up.data?.result ?? []).map((sample) => [sample.metric["namespace"], sample.metric["pool"], sample.value[1]])).toEqual([[FIXTURE_NAMESPACE, FIXTURE_POOL, "1"]]);
  });

  it.each(dashboardQueries(endpointPickerDashboard([VLLM_SERVING_METRICS])))("%s returns data", async (expr) => {
    const response = await server().query(substitute(expr));
    expect(response.error).toBeUndefined();
    expect(response.data?.result.length).toBeGreaterThan(0);
  });

  it("shows the pool's own prefix-cache hit rate from its engines (400 hits per 900 queries)", async () => {
    const panel = endpointPickerDashboard([VLLM_SERVING_METRICS]).panels.find((candidate) => candidate.title.startsWith("Prefix-cache hit rate"));
    const response = await server().query(substitute(panel?.queries[0]?.expr ?? "").replace('deployment=~".*"', `deployment=~"${FIXTURE_POOL}"`));
    const samples = response.data?.result ?? [];
    expect(samples.map((sample) => sample.metric["deployment"])).toEqual([FIXTURE_POOL]);
    expect(Number(samples[0]?.value[1])).toBeCloseTo(400 / 900, 2);
  });

  it("loads every picker alert with health ok and none pending or firing while the picker is healthy", async () => {
    type Rules = { data: { groups: { name: string; rules: { name: string; health: string; state: string; lastError?: string }[] }[] } };
    const rules = async (): Promise<Rules> => (await (await fetch(`${server().url}/api/v1/rules`)).json()) as Rules;
    await waitFor("the routing group's first evaluation", 20_000, async () => (await rules()).data.groups.some((group) => group.name === "llmfleet.routing" && group.rules.every((rule) => rule.health !== "unknown")));
    const loaded = (await rules()).data.groups.find((group) => group.name === "llmfleet.routing")?.rules ?? [];
    expect(loaded.map((rule) => rule.name)).toEqual(routingRules.map((rule) => rule.alert));
    for (const rule of loaded) {
      expect(rule.health, `${rule.name}: ${rule.lastError ?? ""}`).toBe("ok");
      expect(rule.state, rule.name).toBe("inactive");
    }
  });

  it.each(routingRules.map((rule) => [rule.alert, rule.expr] as const))("%s: its expression returns nothing on the healthy fixture", async (_alert, expr) => {
    const response = await server().query(expr);
    expect(response.status).toBe("success");
    expect(response.data?.result).toEqual([]);
  });
});
