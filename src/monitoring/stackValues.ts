import { ISTIO_CERTS_DIR } from "./monitors.js";
import type { MonitoringSpec } from "./spec.js";

/** Pinned charts of the self-managed mode. */
export const KUBE_PROMETHEUS_STACK = {
  chart: "kube-prometheus-stack",
  version: "90.0.0",
  repo: "https://prometheus-community.github.io/helm-charts",
  releaseName: "kube-prometheus-stack",
} as const;

export const DCGM_EXPORTER = {
  chart: "dcgm-exporter",
  version: "4.8.3",
  repo: "https://nvidia.github.io/dcgm-exporter/helm-charts",
  releaseName: "dcgm-exporter",
} as const;

/** Prometheus's workload identity, which the mesh lets read `/metrics`. */
export function prometheusPrincipal(monitoringNamespace = "monitoring"): string {
  return `cluster.local/ns/${monitoringNamespace}/sa/${KUBE_PROMETHEUS_STACK.releaseName}-prometheus`;
}

/** Keys of the Grafana admin Secret. */
export const GRAFANA_ADMIN_KEYS = { user: "admin-user", password: "admin-password" } as const;

/**
 * Istio's documented way for Prometheus to scrape mTLS-only workloads: a sidecar that intercepts
 * nothing and only writes its certificates to a shared volume.
 */
function istioCertificates(): Record<string, unknown> {
  return {
    podMetadata: {
      labels: { "sidecar.istio.io/inject": "true" },
      annotations: {
        "traffic.sidecar.istio.io/includeInboundPorts": "",
        "traffic.sidecar.istio.io/includeOutboundIPRanges": "",
        "proxy.istio.io/config": JSON.stringify({ proxyMetadata: { OUTPUT_CERTS: "/etc/istio-output-certs" } }),
        "sidecar.istio.io/userVolumeMount": JSON.stringify([{ name: "istio-certs", mountPath: "/etc/istio-output-certs" }]),
      },
    },
    volumes: [{ name: "istio-certs", emptyDir: { medium: "Memory" } }],
    volumeMounts: [{ name: "istio-certs", mountPath: ISTIO_CERTS_DIR, readOnly: true }],
  };
}

/**
 * kube-prometheus-stack values: Grafana's admin from an existing Secret (never the chart default),
 * anonymous access off, every Service ClusterIP, Prometheus's admin API off, and monitors and rules
 * picked up from any release.
 */
export function kubePrometheusStackValues(spec: MonitoringSpec, grafanaAdminSecret: string): Record<string, unknown> {
  const clusterIp = { type: "ClusterIP" };
  return {
    grafana: {
      admin: { existingSecret: grafanaAdminSecret, userKey: GRAFANA_ADMIN_KEYS.user, passwordKey: GRAFANA_ADMIN_KEYS.password },
      "grafana.ini": { "auth.anonymous": { enabled: false }, users: { allow_sign_up: false }, security: { disable_gravatar: true } },
      service: clusterIp,
      ingress: { enabled: false },
      sidecar: { dashboards: { enabled: true, label: "grafana_dashboard", labelValue: "1", searchNamespace: spec.namespace, folderAnnotation: "grafana_folder" } },
    },
    prometheus: {
      service: clusterIp,
      ingress: { enabled: false },
      prometheusSpec: {
        enableAdminAPI: false,
        ruleSelectorNilUsesHelmValues: false,
        serviceMonitorSelectorNilUsesHelmValues: false,
        podMonitorSelectorNilUsesHelmValues: false,
        retention: "15d",
        ...(spec.istioMtls ? istioCertificates() : {}),
      },
    },
    alertmanager: { service: clusterIp, ingress: { enabled: false } },
    "kube-state-metrics": {
      metricLabelsAllowlist: ["nodes=[llmfleet.io/pool,llmfleet.io/gpu]", "deployments=[app.kubernetes.io/part-of,llmfleet.io/model]"],
    },
    prometheusOperator: { service: clusterIp },
    "prometheus-node-exporter": { service: clusterIp },
  };
}

/** DCGM exporter values: on GPU nodes despite their taint; monitored by llmfleet's own ServiceMonitor. */
export function dcgmExporterValues(): Record<string, unknown> {
  return {
    serviceMonitor: { enabled: false },
    service: { type: "ClusterIP" },
    tolerations: [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: "llmfleet.io/gpu", operator: "Exists" }] }],
        },
      },
    },
  };
}
