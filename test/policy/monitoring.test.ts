import { describe, expect, it } from "vitest";
import { grafanaSecure, hpaBehavior, prometheusPrivate } from "../../src/policy/rules/index.js";
import { customResource, k8s, monitoringChart, NS, scaledObject, violationsOf } from "./fixtures.js";

const CHART = "Helm chart monitoring/monitoring (kube-prometheus-stack)";

describe("grafana-secure", () => {
  it("passes Grafana with its admin password from an existing Secret", () => {
    expect(violationsOf(grafanaSecure, monitoringChart())).toEqual([]);
  });

  it("fails an admin password written into chart values", () => {
    const [found] = violationsOf(grafanaSecure, monitoringChart({ grafana: { adminPassword: "prom-operator" } }));
    expect(found?.message).toContain(`${CHART} has no grafana.admin.existingSecret`);
    expect(found?.message).toContain("stored in plain text in Pulumi state");
    expect(found?.message).toContain("Fix: create the password with random.RandomPassword, store it in a Secret and set grafana.admin.existingSecret, removing grafana.adminPassword");
  });

  it("fails anonymous access and a public Service", () => {
    const grafana = { admin: { existingSecret: "grafana-admin" }, "grafana.ini": { "auth.anonymous": { enabled: true } }, service: { type: "LoadBalancer" } };
    const messages = violationsOf(grafanaSecure, monitoringChart({ grafana })).map((found) => found.message);
    expect(messages[0]).toContain(`${CHART} sets grafana.service.type: LoadBalancer`);
    expect(messages[1]).toContain(`${CHART} enables anonymous access`);
  });

  it("ignores a kube-prometheus-stack without Grafana", () => {
    expect(violationsOf(grafanaSecure, monitoringChart({ grafana: { enabled: false } }))).toEqual([]);
  });
});

describe("prometheus-private", () => {
  it("passes a ClusterIP Prometheus without the admin API", () => {
    expect(violationsOf(prometheusPrivate, monitoringChart())).toEqual([]);
  });

  it("fails the admin API and an Ingress", () => {
    const prometheus = { prometheusSpec: { enableAdminAPI: true }, ingress: { enabled: true } };
    const messages = violationsOf(prometheusPrivate, monitoringChart({ prometheus })).map((found) => found.message);
    expect(messages[0]).toContain(`${CHART} enables prometheus.ingress`);
    expect(messages[1]).toContain(`${CHART} sets prometheus.prometheusSpec.enableAdminAPI`);
  });

  it("fails the standalone chart's default lifecycle flag and an admin API on a Prometheus object", () => {
    const standalone = { type: "kubernetes:helm.sh/v4:Chart", name: "prometheus", props: { chart: "prometheus-community/prometheus", values: {} } };
    expect(violationsOf(prometheusPrivate, standalone)[0]?.message).toContain("Helm chart prometheus (prometheus) runs Prometheus with web.enable-lifecycle (the chart default)");
    const object = customResource("monitoring.coreos.com/v1", "Prometheus", { name: "k8s", namespace: "monitoring" }, { enableAdminAPI: true });
    expect(violationsOf(prometheusPrivate, object)[0]?.message).toContain("Prometheus monitoring/k8s enables the admin API");
  });
});

describe("hpa-behavior", () => {
  it("passes a ScaledObject on queue depth with KEDA's default cooldown", () => {
    expect(violationsOf(hpaBehavior, scaledObject())).toEqual([]);
  });

  it("fails a CPU trigger and a short cooldown", () => {
    const found = violationsOf(hpaBehavior, scaledObject({ cooldownPeriod: 60, triggers: [{ type: "cpu", metricType: "Utilization", metadata: { value: "80" } }] }));
    expect(found[0]?.message).toContain("ScaledObject llm-serving/qwen sets cooldownPeriod 60 s");
    expect(found[1]?.message).toContain("ScaledObject llm-serving/qwen scales on a cpu trigger");
    expect(found[1]?.message).toContain("Fix: scale on vllm:num_requests_waiting");
  });

  it("fails an HPA on GPU utilisation that scales down after a minute, and passes one on queue depth", () => {
    const hpa = (metricName: string, stabilizationWindowSeconds: number) =>
      k8s("kubernetes:autoscaling/v2:HorizontalPodAutoscaler", {
        apiVersion: "autoscaling/v2",
        kind: "HorizontalPodAutoscaler",
        metadata: { name: "qwen", namespace: NS },
        spec: {
          scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "qwen" },
          metrics: [{ type: "Pods", pods: { metric: { name: metricName }, target: { type: "AverageValue", averageValue: "5" } } }],
          behavior: { scaleDown: { stabilizationWindowSeconds } },
        },
      });
    expect(violationsOf(hpaBehavior, hpa("vllm:num_requests_waiting", 300))).toEqual([]);
    const messages = violationsOf(hpaBehavior, hpa("DCGM_FI_DEV_GPU_UTIL", 60)).map((found) => found.message);
    expect(messages[0]).toContain("HorizontalPodAutoscaler llm-serving/qwen stabilises scale-down over only 60 s");
    expect(messages[1]).toContain("HorizontalPodAutoscaler llm-serving/qwen scales on DCGM_FI_DEV_GPU_UTIL");
  });
});
