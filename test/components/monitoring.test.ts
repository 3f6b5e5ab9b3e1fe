import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { Monitoring } from "../../components/Monitoring.js";
import { alertRules, DCGM_EXPORTER, KUBE_PROMETHEUS_STACK, monitoringSpecSchema } from "../../src/monitoring/index.js";
import { settle, startMockSession, type MockSession, type RecordedResource } from "../../src/preview/index.js";
import { inputErrorOf } from "./inputErrorOf.js";

const MONITORING = "llmfleet:index:Monitoring";
const CHART = "kubernetes:helm.sh/v4:Chart";

let session: MockSession;

function children(name: string): RecordedResource[] {
  const parent = session.resources.find((resource) => resource.type === MONITORING && resource.name === name);
  return session.resources.filter((resource) => parent !== undefined && resource.parentUrn === parent.urn);
}

function ofType(name: string, type: string): RecordedResource[] {
  return children(name).filter((resource) => resource.type === type);
}

beforeAll(async () => {
  session = startMockSession("llmfleet", "test");
  const kubernetesProvider = new k8s.Provider("serving-cluster", { kubeconfig: "mock" });
  const alicloudProvider = new alicloud.Provider("hangzhou", { region: "cn-hangzhou" });
  new Monitoring("obs", { kubernetesProvider, servingNamespaces: ["llm-serving"], ttftSloSeconds: 1.5, istioMtls: true });
  new Monitoring("paged", {
    kubernetesProvider,
    namespace: "paged-monitoring",
    alerting: {
      receivers: [
        { name: "oncall", kind: "pagerduty", severities: ["critical"] },
        { name: "ops-mail", kind: "email", to: ["ops@example.com"], from: "alerts@example.com", smarthost: "smtpdm.aliyun.com:465" },
      ],
    },
    receiverSecrets: { oncall: pulumi.secret("R0UTINGKEY-plain-for-test") },
  });
  new Monitoring("managed", { mode: "arms", arms: { clusterId: "c-1" }, kubernetesProvider, alicloudProvider });
  const endpointPickers = [{ namespace: "llm-serving", inferencePool: "qwen32b" }];
  new Monitoring("routed", { kubernetesProvider, namespace: "routed-monitoring", endpointPickers });
  new Monitoring("routed-arms", { mode: "arms", arms: { clusterId: "c-2" }, kubernetesProvider, alicloudProvider, endpointPickers });
  await settle();
});

describe("Monitoring component", () => {
  it("parents every child to the component and passes the explicit providers", () => {
    for (const name of ["obs", "managed"]) {
      const own = children(name);
      expect(own.length).toBeGreaterThan(3);
      for (const child of own.filter((resource) => !resource.type.startsWith("random:"))) {
        const expected = child.type.startsWith("alicloud:") ? "::hangzhou" : "::serving-cluster";
        expect(child.provider, `${child.type} ${child.name}`).toContain(expected);
      }
    }
  });

  it("installs kube-prometheus-stack and the DCGM exporter at pinned versions", () => {
    const charts = ofType("obs", CHART).map((chart) => [chart.inputs["chart"], chart.inputs["version"], (chart.inputs["repositoryOpts"] as { repo: string }).repo]);
    expect(charts).toEqual([
      [DCGM_EXPORTER.chart, DCGM_EXPORTER.version, DCGM_EXPORTER.repo],
      [KUBE_PROMETHEUS_STACK.chart, KUBE_PROMETHEUS_STACK.version, KUBE_PROMETHEUS_STACK.repo],
    ]);
    for (const [, version] of charts) expect(version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("keeps Grafana's admin password from RandomPassword in a secret Secret and points the chart at it", () => {
    const [secret] = ofType("obs", "kubernetes:core/v1:Secret");
    const password = (secret?.plainInputs["stringData"] as Record<string, string>)["admin-password"] ?? "";
    expect(password).toMatch(/^mock-obs-grafana-admin/);
    // The SDK marks all of stringData secret: the password is covered by a secret path and redacted.
    expect(secret?.secretPaths.some((path) => "stringData.admin-password".startsWith(path))).toBe(true);
    expect(JSON.stringify(secret?.inputs)).not.toContain(password);
    expect(secret?.inputs).toMatchObject({ metadata: { name: "obs-grafana-admin", namespace: "monitoring" } });
    const [stack] = ofType("obs", CHART).filter((chart) => chart.inputs["chart"] === KUBE_PROMETHEUS_STACK.chart);
    expect(stack?.inputs["values"]).toMatchObject({
      grafana: { admin: { existingSecret: "obs-grafana-admin" }, "grafana.ini": { "auth.anonymous": { enabled: false } } },
    });
  });

  it("exposes no LoadBalancer or NodePort Service through any chart's values", () => {
    for (const chart of [...ofType("obs", CHART), ...ofType("managed", CHART)]) {
      expect(JSON.stringify(chart.inputs["values"])).not.toMatch(/LoadBalancer|NodePort/);
    }
  });

  it("applies the rules, monitors and dashboards in mode kube-prometheus-stack", () => {
    expect(ofType("obs", "kubernetes:monitoring.coreos.com/v1:PrometheusRule")).toHaveLength(1);
    expect(ofType("obs", "kubernetes:monitoring.coreos.com/v1:ServiceMonitor").length).toBeGreaterThanOrEqual(3);
    expect(ofType("obs", "kubernetes:monitoring.coreos.com/v1:PodMonitor")).toHaveLength(1);
    const dashboards = ofType("obs", "kubernetes:core/v1:ConfigMap");
    expect(dashboards).toHaveLength(4);
    for (const dashboard of dashboards) expect(dashboard.inputs).toMatchObject({ metadata: { labels: { grafana_dashboard: "1" } } });
  });

  it("scrapes, alerts on and charts the endpoint pickers it is given, in both modes", () => {
    const podMonitors = ofType("routed", "kubernetes:monitoring.coreos.com/v1:PodMonitor").map((monitor) => (monitor.inputs["metadata"] as { name: string }).name);
    expect(podMonitors).toContain("llmfleet-endpoint-pickers");
    const dashboards = ofType("routed", "kubernetes:core/v1:ConfigMap").map((configMap) => (configMap.inputs["metadata"] as { name: string }).name);
    expect(dashboards).toContain("grafana-dashboard-llmfleet-routing");
    const armsRules = ofType("routed-arms", "alicloud:arms/prometheusAlertRule:PrometheusAlertRule").map((rule) => rule.inputs["prometheusAlertRuleName"]);
    expect(armsRules).toEqual(expect.arrayContaining(["InferenceEndpointPickerDown-qwen32b", "InferenceEndpointPickerFailing-qwen32b", "InferenceEndpointPickerSlow-qwen32b"]));
    const armsMonitors = ofType("routed-arms", "alicloud:arms/prometheusMonitoring:PrometheusMonitoring");
    expect(armsMonitors).toHaveLength(ofType("managed", "alicloud:arms/prometheusMonitoring:PrometheusMonitoring").length + 1);
  });

  it("uses ARMS Prometheus with monitors and one alert rule per llmfleet alert in mode arms", () => {
    expect(ofType("managed", "alicloud:arms/prometheus:Prometheus")[0]?.inputs).toMatchObject({ clusterType: "aliyun-cs", clusterId: "c-1" });
    expect(ofType("managed", "alicloud:arms/prometheusMonitoring:PrometheusMonitoring").length).toBeGreaterThanOrEqual(3);
    const rules = ofType("managed", "alicloud:arms/prometheusAlertRule:PrometheusAlertRule");
    expect(rules).toHaveLength(alertRules(monitoringSpecSchema.parse({})).length);
    expect(new Set(rules.map((rule) => rule.inputs["prometheusAlertRuleName"])).size).toBe(rules.length);
    expect(ofType("managed", "random:index/randomPassword:RandomPassword")).toEqual([]);
  });

  it("keeps receiver credentials in a secret Secret the Alertmanager pods mount, never in the chart's values", () => {
    const secrets = ofType("paged", "kubernetes:core/v1:Secret").filter((secret) => (secret.inputs["metadata"] as { name: string }).name === "llmfleet-alertmanager-receivers");
    expect(secrets).toHaveLength(1);
    const [secret] = secrets;
    expect(Object.keys(secret?.plainInputs["stringData"] as Record<string, string>)).toEqual(["oncall"]);
    expect(secret?.secretPaths.some((path) => "stringData.oncall".startsWith(path))).toBe(true);
    const [stack] = ofType("paged", CHART).filter((chart) => chart.inputs["chart"] === KUBE_PROMETHEUS_STACK.chart);
    const values = JSON.stringify(stack?.plainInputs["values"]);
    expect(values).not.toContain("R0UTINGKEY");
    expect(stack?.inputs["values"]).toMatchObject({ alertmanager: { alertmanagerSpec: { secrets: ["llmfleet-alertmanager-receivers"] } } });
    expect(values).toContain('"routing_key_file":"/etc/alertmanager/secrets/llmfleet-alertmanager-receivers/oncall"');
    expect(ofType("obs", "kubernetes:core/v1:Secret").map((resource) => (resource.inputs["metadata"] as { name: string }).name)).toEqual(["obs-grafana-admin"]);
  });

  it("refuses a receiver without its credential, a credential without its receiver, and receivers under ARMS", () => {
    const pagerduty = { alerting: { receivers: [{ name: "oncall", kind: "pagerduty" as const }] } };
    expect(inputErrorOf(() => new Monitoring("no-key", pagerduty))).toMatchObject({ propertyPath: "args.receiverSecrets.oncall" });
    expect(inputErrorOf(() => new Monitoring("stray", { receiverSecrets: { oncall: "x" } }))).toMatchObject({ propertyPath: "args.receiverSecrets.oncall" });
    expect(inputErrorOf(() => new Monitoring("arms-paged", { mode: "arms", arms: { clusterId: "c-1" }, ...pagerduty, receiverSecrets: { oncall: "x" } }))).toMatchObject({ propertyPath: "args.alerting.receivers" });
  });

  it("reports bad args as input errors naming the field", () => {
    expect(inputErrorOf(() => new Monitoring("bad", { kvCacheUsageRatio: 1.5 }))).toMatchObject({ propertyPath: "args.kvCacheUsageRatio" });
    expect(inputErrorOf(() => new Monitoring("no-arms", { mode: "arms" }))).toMatchObject({ propertyPath: "args.arms" });
  });
});
