import { describe, expect, it } from "vitest";
import { ISTIO_CHARTS } from "../../src/mesh/index.js";
import { DCGM_EXPORTER, KUBE_PROMETHEUS_STACK } from "../../src/monitoring/stackValues.js";
import { LWS_CHART, lwsValues } from "../../src/operators/index.js";
import { chartReference, chartRegistryValues, mergeValues } from "../../src/registry/index.js";

const registry = { mirror: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror", pullSecretName: "acr-pull" };

describe("charts on a registry mirror", () => {
  it("installs a chart as OCI from the mirror, and from its own repository without one", () => {
    expect(chartReference(KUBE_PROMETHEUS_STACK, registry)).toEqual({ chart: "oci://llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/charts/kube-prometheus-stack", version: "90.0.0" });
    expect(chartReference(ISTIO_CHARTS.istiod, undefined)).toEqual({ chart: "istiod", version: "1.29.2", repositoryOpts: { repo: "https://istio-release.storage.googleapis.com/charts" } });
    expect(chartReference(LWS_CHART, registry).chart).toBe("oci://llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/charts/lws");
  });

  it("points every kube-prometheus-stack image at the mirror by its registry key, with the pull Secret as a global", () => {
    const values = chartRegistryValues(KUBE_PROMETHEUS_STACK, registry);
    expect(values).toMatchObject({
      global: { imagePullSecrets: [{ name: "acr-pull" }] },
      prometheus: { prometheusSpec: { image: { registry: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/quay.io" } } },
      alertmanager: { alertmanagerSpec: { image: { registry: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/quay.io" } } },
      prometheusOperator: {
        image: { registry: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/quay.io" },
        prometheusConfigReloader: { image: { registry: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/quay.io" } },
        admissionWebhooks: { patch: { image: { registry: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/ghcr.io" } } },
      },
      grafana: { image: { registry: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/docker.io" }, sidecar: { image: { registry: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/quay.io" } } },
      "kube-state-metrics": { image: { registry: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/registry.k8s.io" } },
      "prometheus-node-exporter": { image: { registry: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/quay.io" } },
    });
  });

  it("sets Istio's hub (so sidecars and the gateway follow) and its pull Secrets in each chart's own form", () => {
    expect(chartRegistryValues(ISTIO_CHARTS.istiod, registry)).toEqual({ global: { hub: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/docker.io/istio", imagePullSecrets: ["acr-pull"] } });
    expect(chartRegistryValues(ISTIO_CHARTS.gateway, registry)).toEqual({ imagePullSecrets: [{ name: "acr-pull" }] });
  });

  it("rewrites a full repository key (DCGM exporter, LeaderWorkerSet) and leaves values alone without a mirror", () => {
    expect(chartRegistryValues(DCGM_EXPORTER, registry)).toEqual({ image: { repository: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/nvcr.io/nvidia/k8s/dcgm-exporter" }, imagePullSecrets: [{ name: "acr-pull" }] });
    expect(lwsValues(undefined, undefined, registry)).toEqual({
      image: { manager: { repository: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/registry.k8s.io/lws/lws", tag: "v0.7.0", pullPolicy: "IfNotPresent" } },
      imagePullSecrets: [{ name: "acr-pull" }],
    });
    expect(chartRegistryValues(KUBE_PROMETHEUS_STACK, undefined)).toEqual({});
  });

  it("merges values key by key, so the mirror's keys never drop llmfleet's own", () => {
    expect(mergeValues({ grafana: { image: { tag: "1" }, service: { type: "ClusterIP" } } }, { grafana: { image: { registry: "r" } } })).toEqual({
      grafana: { image: { tag: "1", registry: "r" }, service: { type: "ClusterIP" } },
    });
  });
});
