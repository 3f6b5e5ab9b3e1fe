import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseWith } from "../../src/errors/index.js";
import { engineMetricsList } from "../../src/engines/index.js";
import { alertRules, dashboardQueries, dashboards, ENGINE_JOB, monitoringSpecSchema, prometheusRule, type ServingMetrics } from "../../src/monitoring/index.js";
import { FIXTURE_NAMESPACE, REPLICAS, startFleetExporters, type FleetExporters } from "./fixtures/metricsExporter.js";
import { startPrometheus, tempDir, waitFor, writeRuleFile, type PrometheusServer } from "./prometheusTools.js";

/**
 * Every dashboard query and alert expression, evaluated by a real Prometheus that scrapes
 * exporters serving realistic engine, DCGM, kube-state-metrics and Envoy series once a second.
 * Run once per engine whose serving metrics llmfleet knows (each engine folder's `metrics`).
 */
const ENGINES: readonly ServingMetrics[] = engineMetricsList();

const spec = parseWith(
  monitoringSpecSchema,
  {
    servingNamespaces: [FIXTURE_NAMESPACE],
    meshGateway: true,
    deployments: [...new Set(REPLICAS.map((replica) => replica.deployment))].map((deployment) => ({
      name: deployment,
      namespace: FIXTURE_NAMESPACE,
      version: REPLICAS.find((replica) => replica.deployment === deployment)?.version ?? "v1",
      workload: "Deployment",
      workloadName: deployment,
      readinessBudgetSeconds: 1500,
    })),
  },
  "monitoring",
);

/** Grafana variables as Grafana would substitute them for the fixture. */
const VARIABLES: Readonly<Record<string, string>> = {
  $__rate_interval: "30s",
  $namespace: FIXTURE_NAMESPACE,
  $deployment: ".*",
  $version: ".*",
  $Hostname: ".*",
};

function substitute(expr: string): string {
  const result = Object.entries(VARIABLES).reduce((text, [variable, value]) => text.split(variable).join(value), expr);
  expect(result, `unsubstituted Grafana variable in ${expr}`).not.toContain("$");
  return result;
}

describe.each(ENGINES.map((metrics) => [metrics.engine, metrics] as const))("dashboards and alerts for %s against a real Prometheus", (_engine, metrics) => {
  const dashboardCases = dashboards(metrics).flatMap((dashboard) => dashboardQueries(dashboard).map((expr) => [dashboard.uid, expr] as const));
  const alertCases = alertRules(spec, metrics).map((rule) => [rule.alert, rule.expr] as const);
  let exporters: FleetExporters | undefined;
  let prometheus: PrometheusServer | undefined;

  function server(): PrometheusServer {
    if (prometheus === undefined) throw new Error("Prometheus did not start");
    return prometheus;
  }

  beforeAll(async () => {
    exporters = await startFleetExporters(metrics);
    prometheus = await startPrometheus(
      [
        { name: ENGINE_JOB, honorLabels: false, targets: exporters.engines },
        { name: "cluster", honorLabels: true, targets: [exporters.cluster] },
      ],
      writeRuleFile(tempDir("rules"), prometheusRule(spec, [metrics])),
    );
    // rate() over 30s needs several samples of every counter: wait for at least 8 scrapes of each target.
    await waitFor("8 scrapes of every fixture", 30_000, async () => (exporters?.scrapes() ?? 0) >= 8);
    await waitFor("the histograms to have rates", 15_000, async () => {
      const response = await server().query(`rate(${metrics.timeToFirstToken.name}_count[30s]) > 0`);
      return (response.data?.result.length ?? 0) === REPLICAS.length;
    });
  }, 90_000);

  afterAll(async () => {
    await prometheus?.stop();
    await exporters?.close();
  });

  it("scrapes every replica with its deployment and version", async () => {
    const up = await server().query(`up{job="${ENGINE_JOB}"}`);
    const targets = (up.data?.result ?? []).map((sample) => [sample.metric["deployment"], sample.metric["version"], sample.value[1]]);
    expect(targets.sort()).toEqual(REPLICAS.map((replica) => [replica.deployment, replica.version, "1"]).sort());
  });

  it.each(dashboardCases)("%s: %s parses and returns data", async (_uid, expr) => {
    const response = await server().query(substitute(expr));
    expect(response.error).toBeUndefined();
    expect(response.status).toBe("success");
    expect(response.data?.result.length).toBeGreaterThan(0);
  });

  it("shows each version of the canary on its own in the per-version panels", async () => {
    const serving = dashboards(metrics)[0];
    // Running requests: a panel every engine's metrics have (not every engine counts HTTP requests).
    const requests = serving?.panels.find((panel) => panel.title === "Requests running and waiting")?.queries[0]?.expr ?? "";
    const response = await server().query(substitute(requests));
    expect((response.data?.result ?? []).map((sample) => sample.metric["version"]).sort()).toEqual(["v1", "v2"]);
  });

  it.each(alertCases)("alert %s: %s parses", async (_alert, expr) => {
    const response = await server().query(expr);
    expect(response.error).toBeUndefined();
    expect(response.status).toBe("success");
  });

  it("loads every alert rule with health ok and none pending or firing on a healthy fleet", async () => {
    type Rules = { data: { groups: { rules: { name: string; health: string; state: string; lastError?: string }[] }[] } };
    const rules = async (): Promise<Rules> => (await (await fetch(`${server().url}/api/v1/rules`)).json()) as Rules;
    // A group reports health "unknown" until its first evaluation, which a loaded machine may delay.
    await waitFor("every rule group's first evaluation", 20_000, async () => (await rules()).data.groups.every((group) => group.rules.every((rule) => rule.health !== "unknown")));
    const response = await rules();
    const loaded = response.data.groups.flatMap((group) => group.rules);
    expect(loaded).toHaveLength(alertCases.length);
    for (const rule of loaded) {
      expect(rule.health, `${rule.name}: ${rule.lastError ?? ""}`).toBe("ok");
      expect(rule.state, rule.name).toBe("inactive");
    }
  });
});
