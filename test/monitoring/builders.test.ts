import { describe, expect, it } from "vitest";
import { LlmfleetError, parseWith } from "../../src/errors/index.js";
import { manifestProblems } from "../../src/k8s/index.js";
import {
  alertRules,
  assertCurrentMetrics,
  DASHBOARDS,
  dashboardConfigMaps,
  dcgmCountersCsv,
  dcgmExporterValues,
  engineServiceMonitor,
  monitoringObjects,
  monitoringSpecSchema,
  REMOVED_VLLM_METRICS,
  roundUpToBucket,
  VLLM_SERVING_METRICS,
} from "../../src/monitoring/index.js";

const spec = parseWith(monitoringSpecSchema, { servingNamespaces: ["llm-serving", "llm-large"], istioMtls: true, meshGateway: true }, "monitoring");

describe("monitoring objects", () => {
  it.each(monitoringObjects(spec).map((object) => [`${object.kind} ${object.metadata.name}`, object] as const))(
    "%s validates against the prometheus-operator / Kubernetes schema",
    async (_ref, object) => {
      expect(await manifestProblems(object)).toEqual([]);
    },
  );

  it("labels every dashboard ConfigMap for the Grafana sidecar and ships valid Grafana JSON", () => {
    const configMaps = dashboardConfigMaps("monitoring");
    expect(configMaps.map((configMap) => configMap.metadata.name)).toEqual([
      "grafana-dashboard-llmfleet-serving",
      "grafana-dashboard-llmfleet-replicas",
      "grafana-dashboard-llmfleet-gpu",
      "grafana-dashboard-llmfleet-fleet",
    ]);
    for (const configMap of configMaps) {
      expect(configMap.metadata.labels?.["grafana_dashboard"]).toBe("1");
      const [json] = Object.values(configMap["data"] as Record<string, string>);
      const dashboard = JSON.parse(json ?? "") as { uid: string; panels: { targets: { expr: string }[] }[] };
      expect(dashboard.panels.length).toBeGreaterThan(0);
      expect(dashboard.panels.every((panel) => panel.targets.length > 0)).toBe(true);
    }
  });

  it("covers the panels the issues list: traffic, errors, healthy replicas, per replica, lengths, prefill vs decode", () => {
    const titles = DASHBOARDS.flatMap((dashboard) => dashboard.panels.map((panel) => panel.title)).join("|");
    for (const wanted of [
      "Requests per second",
      "Error rate",
      "Healthy replicas",
      "first token",
      "Inter-token",
      "End-to-end",
      "Prefill vs decode",
      "Prompt length",
      "Generation length",
      "throughput",
      "running and waiting",
      "KV-cache usage (average",
      "Prefix-cache hit",
      "Speculative",
      "per replica",
      "utilisation",
      "memory",
      "temperature",
      "power",
      "XID",
      "Row-remap",
      "Replicas ready",
      "Pending pods",
      "Node-pool size",
    ]) {
      expect(titles).toContain(wanted);
    }
  });

  it("aggregates every serving panel per deployment and version, and every replica panel per pod", () => {
    const [serving, replicas] = DASHBOARDS;
    for (const panel of serving?.panels ?? []) for (const query of panel.queries) expect(query.expr, panel.title).toMatch(/by \(deployment, version[,)]/);
    for (const panel of replicas?.panels ?? []) for (const query of panel.queries) expect(query.expr, panel.title).toContain("by (deployment, version, pod");
  });

  it("scrapes injected engines over Istio mTLS and pods without a sidecar in plain HTTP, never headless workers", () => {
    type Relabel = { action: string; sourceLabels: string[]; regex?: string };
    const endpoints = (engineServiceMonitor(spec).spec as { endpoints: { scheme?: string; relabelings: Relabel[] }[] }).endpoints;
    const injected = "__meta_kubernetes_pod_annotationpresent_sidecar_istio_io_status";
    expect(endpoints.map((endpoint) => [endpoint.scheme ?? "http", endpoint.relabelings.find((r) => r.sourceLabels[0] === injected)?.action])).toEqual([
      ["https", "keep"],
      ["http", "drop"],
    ]);
    for (const endpoint of endpoints) expect(endpoint.relabelings[0]).toEqual({ action: "drop", sourceLabels: ["__meta_kubernetes_pod_label_llmfleet_io_role"], regex: "worker" });
    const withoutMesh = (engineServiceMonitor({ ...spec, istioMtls: false }).spec as { endpoints: { scheme?: string; relabelings: Relabel[] }[] }).endpoints;
    expect(withoutMesh.map((endpoint) => endpoint.scheme ?? "http")).toEqual(["http"]);
  });
});

describe("alert rules", () => {
  it("group every serving alert by namespace, deployment and version", () => {
    // Not the gateway's (per route), readiness (per watched deployment, labels set by the rule) or scrape-down (per target, with all its labels).
    const perDeployment = (alert: string): boolean => alert.startsWith("Inference") && !alert.startsWith("InferenceGateway") && !["InferenceReplicasNotReady", "InferenceEngineScrapeDown"].includes(alert);
    const serving = alertRules(spec).filter((rule) => perDeployment(rule.alert));
    expect(serving.length).toBeGreaterThan(8);
    for (const rule of serving) expect(rule.expr, rule.alert).toContain("namespace, deployment, version");
  });

  it("round the TTFT objective up to vLLM's next bucket bound and say so in the alert", () => {
    expect(roundUpToBucket(VLLM_SERVING_METRICS.timeToFirstToken, 2, "ttftSloSeconds")).toEqual({ configuredSeconds: 2, boundSeconds: 2.5, rounded: true });
    expect(roundUpToBucket(VLLM_SERVING_METRICS.timeToFirstToken, 3, "ttftSloSeconds").boundSeconds).toBe(5);
    const dev = alertRules(parseWith(monitoringSpecSchema, { ttftSloSeconds: 3 }, "monitoring")).find((rule) => rule.alert === "InferenceTtftSloBreached");
    expect(dev?.expr).toContain('le="5.0"');
    expect(dev?.annotations["description"]).toContain("The TTFT objective of 3 s is measured at 5 s, the engine histogram's next bucket bound");
    const exact = alertRules(parseWith(monitoringSpecSchema, { ttftSloSeconds: 2.5 }, "monitoring")).find((rule) => rule.alert === "InferenceTtftSloBreached");
    expect(exact?.annotations["description"]).toContain("is a bucket bound of the engine histogram, so the share is exact");
  });

  it("refuse an objective beyond the histogram's last bucket, naming the setting", () => {
    const tooLong = parseWith(monitoringSpecSchema, { interTokenLatencySloSeconds: 100 }, "monitoring");
    expect(() => alertRules(tooLong)).toThrow(LlmfleetError);
    expect(() => alertRules(tooLong)).toThrow(/^interTokenLatencySloSeconds = 100: lies beyond the largest bucket bound of vllm:inter_token_latency_seconds \(80 s\).*Fix: use at most 80/);
  });

  it("add no gateway alerts without a mesh gateway, and one readiness alert per watched deployment", () => {
    const plain = alertRules(parseWith(monitoringSpecSchema, {}, "monitoring")).map((rule) => rule.alert);
    expect(plain.filter((alert) => alert.startsWith("InferenceGateway"))).toEqual([]);
    expect(plain).not.toContain("InferenceReplicasNotReady");
    const watched = parseWith(
      monitoringSpecSchema,
      { deployments: [{ name: "deepseek", namespace: "llm-serving", version: "v1", workload: "LeaderWorkerSet", workloadName: "deepseek-lws", readinessBudgetSeconds: 4210 }] },
      "monitoring",
    );
    const [readiness] = alertRules(watched).filter((rule) => rule.alert === "InferenceReplicasNotReady");
    expect(readiness?.for).toBe("71m");
    expect(readiness?.expr).toContain('statefulset=~"deepseek-lws|deepseek-lws-[0-9]+"');
  });
});

describe("metric-name catalogue", () => {
  it.each(REMOVED_VLLM_METRICS.map((removed) => [removed.name, removed.replacement] as const))("refuses the removed %s and names %s", (name, replacement) => {
    const expr = `avg(${name.endsWith("_") ? `${name}hit_rate` : name})`;
    expect(() => assertCurrentMetrics(expr, "dashboards.x")).toThrow(LlmfleetError);
    expect(() => assertCurrentMetrics(expr, "dashboards.x")).toThrow(replacement);
  });

  it("accepts current names with histogram suffixes and refuses unknown ones, DCGM exporter fields included", () => {
    expect(assertCurrentMetrics("rate(vllm:e2e_request_latency_seconds_bucket[5m])", "x")).toContain("vllm:e2e");
    expect(assertCurrentMetrics("DCGM_EXP_XID_ERRORS_COUNT > 0", "x")).toContain("DCGM_EXP");
    expect(() => assertCurrentMetrics("vllm:num_requests_swapped", "x")).toThrow(/not a metric llmfleet knows/);
    expect(() => assertCurrentMetrics("DCGM_EXP_CLOCK_EVENTS_COUNT", "x")).toThrow(/not a metric llmfleet knows/);
  });

  it("knows each engine's metrics from its folder: SGLang's queue, and its removed time-per-output-token", () => {
    expect(assertCurrentMetrics("sum(sglang:num_queue_reqs)", "x")).toContain("sglang:num_queue_reqs");
    expect(assertCurrentMetrics("rate(sglang:time_to_first_token_seconds_bucket[5m])", "x")).toContain("sglang:");
    expect(() => assertCurrentMetrics("sglang:time_per_output_token_seconds_bucket", "x")).toThrow(/use sglang:inter_token_latency_seconds/);
  });
});

describe("DCGM exporter values", () => {
  it("keep the chart's default counters and add the windowed XID count", () => {
    const csv = dcgmCountersCsv().split("\n");
    expect(csv).toContain("DCGM_FI_DEV_XID_ERRORS, gauge, Value of the last XID error encountered.");
    expect(csv).toContain("DCGM_FI_DEV_ROW_REMAP_FAILURE, gauge, Whether remapping of rows has failed");
    expect(csv.filter((line) => line.startsWith("DCGM_EXP_"))).toEqual([
      "DCGM_EXP_XID_ERRORS_COUNT, gauge, Count of XID Errors within user-specified time window (see xid-count-window-size param).",
    ]);
    expect(dcgmExporterValues()).toMatchObject({ customMetrics: dcgmCountersCsv(), serviceMonitor: { enabled: false } });
  });
});
