import { alertmanagerConfig, RECEIVER_SECRET_NAME } from "./alertmanagerConfig.js";
import { dcgmCountersCsv } from "./dcgmCounters.js";
import type { ChartImage, ChartSource } from "../registry/chartSource.js";
import { ISTIO_CERTS_DIR } from "./monitors.js";
import { receiverSecretPurpose } from "./receivers.js";
import type { MonitoringSpec } from "./spec.js";

/** A chart of the self-managed mode, with the release name llmfleet installs it under. */
export interface MonitoringChart extends ChartSource {
  readonly repo: string;
  readonly releaseName: string;
}

/** `<registry>/<repository>:<tag>` images of kube-prometheus-stack whose `registry` key is separate. */
const registryKey = (source: string, ...key: string[]): ChartImage => ({ source, tag: null, key: [...key, "image", "registry"], holds: "registry" });

/**
 * Every image kube-prometheus-stack and its subcharts pull with llmfleet's values, each chosen by a
 * `registry` key beside its `repository` (tags stay the chart's defaults). Read in
 * prometheus-community/helm-charts charts/kube-prometheus-stack/values.yaml and templates at
 * kube-prometheus-stack-88.5.3, the newest release the reference snapshot holds (90.0.0 is pinned;
 * the keys are unchanged across those majors' templates we read: `global.imageRegistry |
 * default .Values.<path>.image.registry`), kube-state-metrics 8.4.0 and prometheus-node-exporter
 * 4.56.1 (its dependencies), and grafana-community/helm-charts grafana 12.11.1 (`image`,
 * `sidecar.image`). The admission webhook's own Deployment is off by default (its patch Jobs run
 * kube-webhook-certgen) and Thanos is only passed to the operator as a default image; both are
 * pointed at the mirror so that no reference leaves it. `global.imagePullSecrets` reaches the
 * chart's pods and, as a Helm global, the subcharts' (each reads `global.imagePullSecrets`).
 */
const KUBE_PROMETHEUS_STACK_IMAGES: readonly ChartImage[] = [
  registryKey("quay.io/prometheus/prometheus", "prometheus", "prometheusSpec"),
  registryKey("quay.io/prometheus/alertmanager", "alertmanager", "alertmanagerSpec"),
  registryKey("quay.io/prometheus-operator/prometheus-operator", "prometheusOperator"),
  registryKey("quay.io/prometheus-operator/prometheus-config-reloader", "prometheusOperator", "prometheusConfigReloader"),
  registryKey("quay.io/prometheus-operator/admission-webhook", "prometheusOperator", "admissionWebhooks", "deployment"),
  registryKey("ghcr.io/jkroepke/kube-webhook-certgen", "prometheusOperator", "admissionWebhooks", "patch"),
  { source: "quay.io/thanos/thanos", tag: null, key: ["prometheusOperator", "thanosImage", "registry"], holds: "registry" },
  registryKey("docker.io/grafana/grafana", "grafana"),
  registryKey("quay.io/kiwigrid/k8s-sidecar", "grafana", "sidecar"),
  registryKey("registry.k8s.io/kube-state-metrics/kube-state-metrics", "kube-state-metrics"),
  registryKey("quay.io/prometheus/node-exporter", "prometheus-node-exporter"),
];

/**
 * Pinned charts of the self-managed mode. The values below were checked against the templates of
 * kube-prometheus-stack 88.5.3 and dcgm-exporter 4.8.2, the newest releases whose sources we could
 * read. The release notes we found between those and the pins (kube-prometheus-stack 89.x dependency
 * bumps and 90.0.0's secret-based auth for control-plane ServiceMonitors; dcgm-exporter 4.8.3's move
 * to DCGM 4.6.0) change none of the keys used here. Re-read the templates when bumping either pin.
 */
export const KUBE_PROMETHEUS_STACK = {
  chart: "kube-prometheus-stack",
  version: "90.0.0",
  repo: "https://prometheus-community.github.io/helm-charts",
  releaseName: "kube-prometheus-stack",
  images: KUBE_PROMETHEUS_STACK_IMAGES,
  pullSecrets: { key: ["global", "imagePullSecrets"], form: "objects" },
} as const satisfies MonitoringChart;

/**
 * The DCGM exporter's image is one `image.repository` with its host (NVIDIA/dcgm-exporter
 * deployment/values.yaml and templates/daemonset.yaml, read at chart 4.8.2, the newest in the
 * reference snapshot; 4.8.3 is pinned); `imagePullSecrets` is pasted into the pod spec.
 */
export const DCGM_EXPORTER = {
  chart: "dcgm-exporter",
  version: "4.8.3",
  repo: "https://nvidia.github.io/dcgm-exporter/helm-charts",
  releaseName: "dcgm-exporter",
  images: [{ source: "nvcr.io/nvidia/k8s/dcgm-exporter", tag: null, key: ["image", "repository"], holds: "repository" }],
  pullSecrets: { key: ["imagePullSecrets"], form: "objects" },
} as const satisfies MonitoringChart;

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
 * Components of the control plane that ACK manages: their endpoints cannot be scraped from the
 * cluster, so the chart's ServiceMonitors, dashboards and `*Down` rules (all gated on
 * `<component>.enabled` in the chart templates) would fire forever. kube-proxy runs on the nodes
 * but binds its metrics to 127.0.0.1:10249 by default, and Terway's eBPF data path (DataPath V2) can
 * replace it altogether: the chart's Service selects `k8s-app: kube-proxy` and `KubeProxyDown` is
 * `absent(up{job="kube-proxy"})`, which fires when nothing is scraped.
 */
const ACK_MANAGED_COMPONENTS = { kubeScheduler: { enabled: false }, kubeControllerManager: { enabled: false }, kubeEtcd: { enabled: false }, kubeProxy: { enabled: false } };

/** Alertmanager: llmfleet's routes and receivers, their credentials mounted from the receivers' Secret. */
function alertmanagerValues(spec: MonitoringSpec): Record<string, unknown> {
  const receivers = spec.alerting.receivers;
  const needsSecret = receivers.some((receiver) => receiverSecretPurpose(receiver) !== undefined);
  return {
    service: { type: "ClusterIP" },
    ingress: { enabled: false },
    config: alertmanagerConfig(receivers),
    ...(needsSecret ? { alertmanagerSpec: { secrets: [RECEIVER_SECRET_NAME] } } : {}),
  };
}

/**
 * kube-prometheus-stack values: Grafana's admin from an existing Secret (never the chart default),
 * anonymous access off, every Service ClusterIP, Prometheus's admin API off, monitors and rules
 * picked up from any release, the managed control plane left unscraped, and Alertmanager routing to
 * the stack's receivers.
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
    alertmanager: alertmanagerValues(spec),
    ...ACK_MANAGED_COMPONENTS,
    "kube-state-metrics": {
      metricLabelsAllowlist: ["nodes=[llmfleet.io/pool,llmfleet.io/gpu]", "deployments=[app.kubernetes.io/part-of,llmfleet.io/model]"],
    },
    prometheusOperator: { service: clusterIp },
    "prometheus-node-exporter": {
      service: clusterIp,
      // The chart sets only readOnlyRootFilesystem; node-exporter needs no capability and never escalates.
      containerSecurityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    },
  };
}

/**
 * DCGM exporter values: on GPU nodes despite their taint, monitored by llmfleet's own
 * ServiceMonitor, collecting the chart's default counters plus the windowed XID count.
 */
export function dcgmExporterValues(): Record<string, unknown> {
  return {
    serviceMonitor: { enabled: false },
    customMetrics: dcgmCountersCsv(),
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
