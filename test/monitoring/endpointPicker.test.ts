import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { LlmfleetError, parseWith } from "../../src/errors/index.js";
import { manifestProblems } from "../../src/k8s/index.js";
import {
  armsAlertRules,
  armsMonitors,
  assertCurrentMetrics,
  dashboardJson,
  endpointPickerDashboard,
  endpointPickerPodMonitor,
  monitoringObjects,
  monitoringSpecSchema,
  prometheusRule,
  VLLM_SERVING_METRICS,
} from "../../src/monitoring/index.js";

const PICKERS = [
  { namespace: "llm-serving", inferencePool: "qwen72b" },
  { namespace: "llm-large", inferencePool: "deepseek-v3" },
];
const spec = parseWith(monitoringSpecSchema, { servingNamespaces: ["llm-serving", "llm-large"], endpointPickers: PICKERS }, "monitoring");
const withoutPickers = parseWith(monitoringSpecSchema, { servingNamespaces: ["llm-serving", "llm-large"] }, "monitoring");

type Relabel = { action: string; sourceLabels?: string[]; separator?: string; regex?: string; targetLabel?: string; replacement?: string };
interface PodMonitorSpec {
  namespaceSelector: { matchNames: string[] };
  selector: { matchLabels: Record<string, string> };
  podMetricsEndpoints: { port: string; path: string; scheme: string; relabelings: Relabel[] }[];
}

function podMonitorSpec(): PodMonitorSpec {
  const [monitor] = endpointPickerPodMonitor(spec);
  return monitor?.spec as PodMonitorSpec;
}

describe("endpoint picker monitoring", () => {
  it("scrapes the pickers' container port metrics over plain HTTP at /metrics, in their namespaces only", () => {
    const monitorSpec = podMonitorSpec();
    expect(monitorSpec.namespaceSelector.matchNames).toEqual(["llm-serving", "llm-large"]);
    expect(monitorSpec.selector.matchLabels).toEqual({
      "app.kubernetes.io/name": "endpoint-picker",
      "app.kubernetes.io/component": "endpoint-picker",
      "app.kubernetes.io/managed-by": "llmfleet",
    });
    expect(monitorSpec.podMetricsEndpoints.map((endpoint) => [endpoint.port, endpoint.path, endpoint.scheme])).toEqual([["metrics", "/metrics", undefined]]);
  });

  it("scrapes injected pickers like injected engines: https with Istio's certificates, or pilot-agent's merged endpoint for ARMS", () => {
    const scrapes = (input: Record<string, unknown>) =>
      (endpointPickerPodMonitor(parseWith(monitoringSpecSchema, { servingNamespaces: ["llm-serving"], endpointPickers: PICKERS, ...input }, "monitoring"))[0]?.spec as PodMonitorSpec).podMetricsEndpoints;
    const mesh = scrapes({ istioMtls: true });
    expect(mesh.map((endpoint) => endpoint.scheme)).toEqual(["https", undefined]);
    expect(mesh.map((endpoint) => endpoint.relabelings.find((rule) => rule.sourceLabels?.[0] === "__meta_kubernetes_pod_annotationpresent_sidecar_istio_io_status")?.action)).toEqual(["keep", "drop"]);
    const merged = scrapes({ istioMtls: true, mergedMetrics: true });
    expect(merged[0]?.scheme).toBeUndefined();
    expect(merged[0]?.relabelings.some((rule) => rule.targetLabel === "__address__")).toBe(true);
  });

  it("keeps only the watched pools, by namespace and pool, and labels each target with its pool", () => {
    const relabelings = podMonitorSpec().podMetricsEndpoints[0]?.relabelings ?? [];
    const keep = relabelings.find((relabeling) => relabeling.action === "keep");
    expect(keep).toEqual({
      action: "keep",
      sourceLabels: ["__meta_kubernetes_namespace", "__meta_kubernetes_pod_label_llmfleet_io_inference_pool"],
      separator: "/",
      regex: "llm-serving/qwen72b|llm-large/deepseek-v3",
    });
    expect(relabelings).toContainEqual({ action: "replace", targetLabel: "job", replacement: "llmfleet-endpoint-pickers" });
    expect(relabelings).toContainEqual({ action: "replace", sourceLabels: ["__meta_kubernetes_pod_label_llmfleet_io_inference_pool"], targetLabel: "pool" });
  });

  it.each(monitoringObjects(spec).map((object) => [`${object.kind} ${object.metadata.name}`, object] as const))("%s validates against its upstream schema", async (_ref, object) => {
    expect(await manifestProblems(object)).toEqual([]);
  });

  it("adds the picker monitor, the routing rule group and the routing dashboard only when there are pickers", () => {
    const names = (objects: ReturnType<typeof monitoringObjects>): string[] => objects.map((object) => `${object.kind}/${object.metadata.name}`);
    const added = names(monitoringObjects(spec)).filter((name) => !names(monitoringObjects(withoutPickers)).includes(name));
    expect(added).toEqual(["PodMonitor/llmfleet-endpoint-pickers", "ConfigMap/grafana-dashboard-llmfleet-routing"]);
    const groups = (rule: ReturnType<typeof prometheusRule>): string[] => (rule.spec as { groups: { name: string }[] }).groups.map((group) => group.name);
    expect(groups(prometheusRule(spec))).toContain("llmfleet.routing");
    expect(groups(prometheusRule(withoutPickers))).not.toContain("llmfleet.routing");
  });

  it("alerts per pool: the picker down (critical), failing to schedule (critical) and slow (warning)", () => {
    const routing = (prometheusRule(spec).spec as { groups: { name: string; rules: { alert: string; labels: Record<string, string> }[] }[] }).groups.find((group) => group.name === "llmfleet.routing");
    expect(routing?.rules.map((rule) => [rule.alert, rule.labels["namespace"], rule.labels["deployment"], rule.labels["severity"]])).toEqual([
      ["InferenceEndpointPickerDown", "llm-serving", "qwen72b", "critical"],
      ["InferenceEndpointPickerFailing", "llm-serving", "qwen72b", "critical"],
      ["InferenceEndpointPickerSlow", "llm-serving", "qwen72b", "warning"],
      ["InferenceEndpointPickerDown", "llm-large", "deepseek-v3", "critical"],
      ["InferenceEndpointPickerFailing", "llm-large", "deepseek-v3", "critical"],
      ["InferenceEndpointPickerSlow", "llm-large", "deepseek-v3", "warning"],
    ]);
  });

  it("watches the picker Deployment <pool>-epp in kube-state-metrics and the pool's scrape target", () => {
    const down = (prometheusRule(spec).spec as { groups: { rules: { alert: string; expr: string }[] }[] }).groups.flatMap((group) => group.rules).find((rule) => rule.alert === "InferenceEndpointPickerDown");
    expect(down?.expr).toBe(
      '(sum(kube_deployment_status_replicas_available{namespace="llm-serving", deployment="qwen72b-epp"}) or vector(0)) < 1 or ' +
        '(count(up{job="llmfleet-endpoint-pickers", namespace="llm-serving", pool="qwen72b"} == 1) or vector(0)) < 1',
    );
  });

  it("gives ARMS the same picker PodMonitor and alerts, with a rule name per pool", () => {
    const monitor = armsMonitors(spec).find((candidate) => candidate.name === "llmfleet-endpoint-pickers");
    expect(monitor?.type).toBe("podMonitor");
    expect((parse(monitor?.configYaml ?? "") as { spec: unknown }).spec).toEqual(podMonitorSpec());
    const names = armsAlertRules(spec).map((rule) => rule.name).filter((name) => name.startsWith("InferenceEndpointPicker"));
    expect(names).toContain("InferenceEndpointPickerDown-qwen72b");
    expect(names).toContain("InferenceEndpointPickerDown-deepseek-v3");
    expect(new Set(names).size).toBe(names.length);
  });

  it("refuses a picker listed twice, naming the key", () => {
    const twice = { endpointPickers: [PICKERS[0], PICKERS[0]] };
    expect(() => parseWith(monitoringSpecSchema, twice, "monitoring")).toThrow(LlmfleetError);
    expect(() => parseWith(monitoringSpecSchema, twice, "monitoring")).toThrow(
      'monitoring.endpointPickers[1].inferencePool = "qwen72b": repeats InferencePool llm-serving/qwen72b, which is already watched: its alerts would fire twice. Fix: remove this entry, or name another pool',
    );
  });
});

describe("routing dashboard", () => {
  const dashboard = endpointPickerDashboard([VLLM_SERVING_METRICS]);
  const queries = dashboard.panels.flatMap((panel) => panel.queries.map((query) => [panel.title, query.expr] as const));

  it("reads the picker's real v1.5.0 metric names per pool, and the engines' prefix-cache counters", () => {
    const byTitle = Object.fromEntries(dashboard.panels.map((panel) => [panel.title, panel.queries.map((query) => query.expr)]));
    expect(byTitle["Requests per second per pool"]).toEqual(['sum by (namespace, pool) (rate(inference_objective_request_total{job="llmfleet-endpoint-pickers", namespace=~"$namespace", pool=~"$pool"}[$__rate_interval]))']);
    expect(byTitle["Scheduling latency (p50, p99)"]?.[1]).toBe(
      'histogram_quantile(0.99, sum by (namespace, pool, le) (rate(inference_extension_scheduler_e2e_duration_seconds_bucket{job="llmfleet-endpoint-pickers", namespace=~"$namespace", pool=~"$pool"}[$__rate_interval])))',
    );
    expect(byTitle["Prefix-cache hit rate of the engines behind the pool"]?.[0]).toContain("rate(vllm:prefix_cache_hits_total{");
    expect(byTitle["Prefix-cache hit rate of the engines behind the pool"]?.[0]).toContain('deployment=~"$pool"');
    expect(byTitle["Endpoint picker replicas ready"]?.[0]).toContain('kube_deployment_status_replicas_ready{namespace=~"$namespace", deployment=~"($pool)-epp"}');
  });

  it("leaves the engine prefix-cache panel out for engines that do not report one", () => {
    const { prefixCache: _dropped, ...withoutPrefixCache } = VLLM_SERVING_METRICS;
    const titles = endpointPickerDashboard([{ ...withoutPrefixCache, engine: "bladellm" }]).panels.map((panel) => panel.title);
    expect(titles).not.toContain("Prefix-cache hit rate of the engines behind the pool");
  });

  it("passes every query through the metric catalogue, which knows the picker's names and refuses others", () => {
    expect(() => dashboardJson(dashboard)).not.toThrow();
    expect(queries.length).toBeGreaterThan(8);
    expect(() => assertCurrentMetrics("inference_pool_ready_pod_count", "dashboards.llmfleet-routing.panel")).toThrow(/not a metric llmfleet knows/);
  });
});
