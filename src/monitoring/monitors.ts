import type { KubernetesObject } from "../k8s/index.js";
import {
  ENDPOINT_PICKER_JOB,
  ENDPOINT_PICKER_METRICS_PORT,
  ENDPOINT_PICKER_POD_LABELS,
  ENDPOINT_PICKER_POOL_LABEL,
  POOL_LABEL,
} from "./endpointPickerMetrics.js";
import { DEPLOYMENT_LABEL, ENGINE_JOB, ENGINE_LABEL, GPU_JOB, type MonitoringSpec } from "./spec.js";

/**
 * What Prometheus scrapes: the engines of every InferenceDeployment (Service port `metrics`), the
 * DCGM exporter, the mesh's control plane and Envoy proxies.
 *
 * Engines with an Istio sidecar only accept mTLS (PeerAuthentication STRICT), so with `istioMtls`
 * they are scraped over HTTPS with the certificates Istio writes for Prometheus; pods without one
 * (multi-node leaders: `sidecar.istio.io/inject: "false"`) only speak plain HTTP. The split is made
 * on the annotation the injector writes on every pod it injected, `sidecar.istio.io/status`
 * (istio/istio 1.29.2 `pkg/kube/inject/webhook.go` reads it back as "already injected"), so the
 * scheme follows the sidecar itself rather than a guess from the workload's shape. Multi-node
 * workers run headless and serve no metrics, so `llmfleet.io/role: worker` is dropped.
 *
 * With `mergedMetrics` (a Prometheus outside the mesh: ARMS), injected engines are scraped instead at
 * the address and path the injector wrote into their `prometheus.io/port|path` annotations:
 * pilot-agent's merged endpoint, plain http (src/mesh/metricsMerge.ts). Envoy's and the agent's
 * series in that answer are dropped there; the Envoy PodMonitor collects Envoy's once.
 */

/** Certificates istio-proxy writes for Prometheus (Istio's documented OUTPUT_CERTS setup). */
export const ISTIO_CERTS_DIR = "/etc/prom-certs";
const ISTIO_TLS = {
  caFile: `${ISTIO_CERTS_DIR}/root-cert.pem`,
  certFile: `${ISTIO_CERTS_DIR}/cert-chain.pem`,
  keyFile: `${ISTIO_CERTS_DIR}/key.pem`,
  // Istio identities are SPIFFE URIs, not host names.
  insecureSkipVerify: true,
};

function metadata(name: string, spec: MonitoringSpec): KubernetesObject["metadata"] {
  return {
    name,
    namespace: spec.namespace,
    labels: { "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/component": "monitoring" },
  };
}

const ROLE_LABEL = "__meta_kubernetes_pod_label_llmfleet_io_role";
const INJECTED = "__meta_kubernetes_pod_annotationpresent_sidecar_istio_io_status";

/** Point the target at what the injector wrote: pilot-agent's status port and merged path. */
const MERGED_TARGET = [
  { action: "replace", sourceLabels: ["__meta_kubernetes_pod_ip", "__meta_kubernetes_pod_annotation_prometheus_io_port"], separator: ";", regex: "(.+);(\\d+)", replacement: "$1:$2", targetLabel: "__address__" },
  { action: "replace", sourceLabels: ["__meta_kubernetes_pod_annotation_prometheus_io_path"], regex: "(.+)", replacement: "$1", targetLabel: "__metrics_path__" },
];

/** How a target is reached given its sidecar: with one (https with Istio certificates, or `merged`: plain http at pilot-agent's merged endpoint), without (http), or no mesh (`any`). */
type SidecarScrape = "with" | "merged" | "without" | "any";

/** The scrapes a namespace's pods need: one per kind of pod when the mesh may have injected some. */
function sidecarScrapes(spec: MonitoringSpec): SidecarScrape[] {
  return spec.istioMtls ? [spec.mergedMetrics ? "merged" : "with", "without"] : ["any"];
}

/** Scheme, TLS, target rewriting and series dropping for one kind of pod, shared by engines and endpoint pickers. */
function sidecarEndpoint(sidecar: SidecarScrape): { settings: Record<string, unknown>; relabelings: object[] } {
  const withSidecar = sidecar === "with" || sidecar === "merged";
  return {
    settings: {
      ...(sidecar === "with" ? { scheme: "https", tlsConfig: ISTIO_TLS } : {}),
      ...(sidecar === "merged" ? { metricRelabelings: [{ action: "drop", sourceLabels: ["__name__"], regex: "(envoy|istio)_.*" }] } : {}),
    },
    relabelings: [...(sidecar === "any" ? [] : [{ action: withSidecar ? "keep" : "drop", sourceLabels: [INJECTED], regex: "true" }]), ...(sidecar === "merged" ? MERGED_TARGET : [])],
  };
}

function engineEndpoint(sidecar: SidecarScrape): Record<string, unknown> {
  const { settings, relabelings } = sidecarEndpoint(sidecar);
  return {
    port: "metrics",
    path: "/metrics",
    interval: "15s",
    ...settings,
    relabelings: [
      { action: "drop", sourceLabels: [ROLE_LABEL], regex: "worker" },
      ...relabelings,
      { action: "replace", targetLabel: "job", replacement: ENGINE_JOB },
      { action: "replace", sourceLabels: ["__meta_kubernetes_pod_label_app_kubernetes_io_name"], targetLabel: DEPLOYMENT_LABEL },
      { action: "replace", sourceLabels: ["__meta_kubernetes_pod_label_llmfleet_io_version"], targetLabel: "version" },
      { action: "replace", sourceLabels: ["__meta_kubernetes_pod_label_llmfleet_io_engine"], targetLabel: ENGINE_LABEL },
    ],
  };
}

/** ServiceMonitor for the engines of every InferenceDeployment in the serving namespaces. */
export function engineServiceMonitor(spec: MonitoringSpec): KubernetesObject {
  const endpoints = sidecarScrapes(spec).map(engineEndpoint);
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: metadata("llmfleet-engines", spec),
    spec: {
      namespaceSelector: { matchNames: spec.servingNamespaces },
      selector: { matchLabels: { "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/component": "inference" } },
      endpoints,
    },
  };
}

/** ServiceMonitor for the DCGM exporter (GPU utilisation, memory, temperature, power, XID). */
export function gpuServiceMonitor(spec: MonitoringSpec): KubernetesObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "ServiceMonitor",
    metadata: metadata("llmfleet-gpu", spec),
    spec: {
      namespaceSelector: { any: true },
      selector: { matchLabels: spec.gpuExporterSelector },
      endpoints: [
        {
          port: "metrics",
          path: "/metrics",
          interval: "15s",
          relabelings: [{ action: "replace", targetLabel: "job", replacement: GPU_JOB }],
        },
      ],
    },
  };
}

/** ServiceMonitor for istiod and PodMonitor for every Envoy (gateways and sidecars). */
export function meshMonitors(spec: MonitoringSpec): KubernetesObject[] {
  return [
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: metadata("llmfleet-istiod", spec),
      spec: {
        namespaceSelector: { matchNames: ["istio-system"] },
        selector: { matchLabels: { istio: "pilot" } },
        endpoints: [{ port: "http-monitoring", interval: "30s" }],
      },
    },
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: metadata("llmfleet-envoy", spec),
      spec: {
        namespaceSelector: { any: true },
        selector: { matchExpressions: [{ key: "istio-prometheus-ignore", operator: "DoesNotExist" }] },
        podMetricsEndpoints: [
          {
            path: "/stats/prometheus",
            interval: "30s",
            relabelings: [
              { action: "keep", sourceLabels: ["__meta_kubernetes_pod_container_name"], regex: "istio-proxy" },
              { action: "keep", sourceLabels: ["__meta_kubernetes_pod_container_port_name"], regex: ".*-envoy-prom" },
            ],
          },
        ],
      },
    },
  ];
}

/** Prometheus' name for a pod label in service discovery (`llmfleet.io/inference-pool` → `…_llmfleet_io_inference_pool`). */
function podLabelMeta(label: string): string {
  return `__meta_kubernetes_pod_label_${label.replace(/[^A-Za-z0-9_]/g, "_")}`;
}

/**
 * PodMonitor for the endpoint pickers of the watched InferencePools: their container port
 * `metrics` (9090) at /metrics. The picker itself serves metrics without TLS (GIE v1.5.0
 * `cmd/epp/runner/runner.go`: its controller-runtime metrics server options set only
 * `BindAddress` and, when `--metrics-endpoint-auth` is on, an authn/authz filter, never
 * `SecureServing`; llmfleet's pickers run with `--metrics-endpoint-auth=false`). With Istio the
 * picker carries a sidecar (src/inferencePool/picker.ts) whose STRICT mTLS takes the port, so it is
 * scraped like an injected engine: https with Istio's certificates, or pilot-agent's merged endpoint
 * for a Prometheus outside the mesh (ARMS); without a sidecar (ACK's gateway), plain http. Only
 * the listed pools are kept, by `namespace/pool`, and each target is labelled `pool`.
 */
export function endpointPickerPodMonitor(spec: MonitoringSpec): KubernetesObject[] {
  if (spec.endpointPickers.length === 0) return [];
  const namespaces = [...new Set(spec.endpointPickers.map((picker) => picker.namespace))];
  const watched = spec.endpointPickers.map((picker) => `${picker.namespace}/${picker.inferencePool}`).join("|");
  return [
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PodMonitor",
      metadata: metadata(ENDPOINT_PICKER_JOB, spec),
      spec: {
        namespaceSelector: { matchNames: namespaces },
        selector: { matchLabels: ENDPOINT_PICKER_POD_LABELS },
        podMetricsEndpoints: sidecarScrapes(spec).map((sidecar) => {
          const { settings, relabelings } = sidecarEndpoint(sidecar);
          return {
            port: ENDPOINT_PICKER_METRICS_PORT,
            path: "/metrics",
            interval: "15s",
            ...settings,
            relabelings: [
              { action: "keep", sourceLabels: ["__meta_kubernetes_namespace", podLabelMeta(ENDPOINT_PICKER_POOL_LABEL)], separator: "/", regex: watched },
              ...relabelings,
              { action: "replace", targetLabel: "job", replacement: ENDPOINT_PICKER_JOB },
              { action: "replace", sourceLabels: [podLabelMeta(ENDPOINT_PICKER_POOL_LABEL)], targetLabel: POOL_LABEL },
            ],
          };
        }),
      },
    },
  ];
}

/** Every monitor: engines, GPUs, the mesh, and the endpoint pickers when there are any. */
export function monitors(spec: MonitoringSpec): KubernetesObject[] {
  return [engineServiceMonitor(spec), gpuServiceMonitor(spec), ...meshMonitors(spec), ...endpointPickerPodMonitor(spec)];
}
