import { describe, expect, it } from "vitest";
import { LlmfleetError, parseWith } from "../../src/errors/index.js";
import { manifestProblems } from "../../src/k8s/index.js";
import {
  assertCurrentMetrics,
  DASHBOARDS,
  dashboardConfigMaps,
  engineServiceMonitor,
  kubePrometheusStackValues,
  monitoringObjects,
  monitoringSpecSchema,
  REMOVED_VLLM_METRICS,
} from "../../src/monitoring/index.js";

const spec = parseWith(monitoringSpecSchema, { servingNamespaces: ["llm-serving", "llm-large"], istioMtls: true }, "monitoring");

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

  it("covers the panels the issue lists", () => {
    const titles = DASHBOARDS.flatMap((dashboard) => dashboard.panels.map((panel) => panel.title)).join("|");
    for (const wanted of ["first token", "Inter-token", "End-to-end", "throughput", "running and waiting", "KV-cache usage (average", "Prefix-cache hit", "Speculative", "utilisation", "memory", "temperature", "power", "XID", "Replicas ready", "Pending pods", "Node-pool size"]) {
      expect(titles).toContain(wanted);
    }
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

describe("metric-name catalogue", () => {
  it.each(REMOVED_VLLM_METRICS.map((removed) => [removed.name, removed.replacement] as const))("refuses the removed %s and names %s", (name, replacement) => {
    const expr = `avg(${name.endsWith("_") ? `${name}hit_rate` : name})`;
    expect(() => assertCurrentMetrics(expr, "dashboards.x")).toThrow(LlmfleetError);
    expect(() => assertCurrentMetrics(expr, "dashboards.x")).toThrow(replacement);
  });

  it("accepts current names with histogram suffixes and refuses unknown ones", () => {
    expect(assertCurrentMetrics("rate(vllm:e2e_request_latency_seconds_bucket[5m])", "x")).toContain("vllm:e2e");
    expect(() => assertCurrentMetrics("vllm:num_requests_swapped", "x")).toThrow(/not a metric llmfleet knows/);
  });

  it("knows each engine's metrics from its folder: SGLang's queue, and its removed time-per-output-token", () => {
    expect(assertCurrentMetrics("sum(sglang:num_queue_reqs)", "x")).toContain("sglang:num_queue_reqs");
    expect(assertCurrentMetrics("rate(sglang:time_to_first_token_seconds_bucket[5m])", "x")).toContain("sglang:");
    expect(() => assertCurrentMetrics("sglang:time_per_output_token_seconds_bucket", "x")).toThrow(/use sglang:inter_token_latency_seconds/);
  });
});

describe("kube-prometheus-stack values", () => {
  const values = kubePrometheusStackValues(spec, "grafana-admin");
  it("takes Grafana's admin from the Secret, disables anonymous access and the admin API", () => {
    expect(values).toMatchObject({
      grafana: { admin: { existingSecret: "grafana-admin" }, "grafana.ini": { "auth.anonymous": { enabled: false } } },
      prometheus: { prometheusSpec: { enableAdminAPI: false } },
    });
    expect(JSON.stringify(values)).not.toContain("adminPassword");
  });

  it("exposes no Service beyond the cluster", () => {
    expect(JSON.stringify(values)).not.toMatch(/LoadBalancer|NodePort/);
  });
});
