import type { KubernetesObject } from "../k8s/index.js";
import { assertCurrentMetrics, DCGM_METRICS, VLLM_METRICS } from "./metrics.js";
import { ENGINE_JOB, namespaceMatcher, type MonitoringSpec } from "./spec.js";

/** One Prometheus alerting rule, as it appears in a rule group. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

const BY_MODEL = "namespace, model_name";

/** vLLM metrics the alerts read; each gets an absent() guard so a rename cannot blind the alerts. */
export const GUARDED_METRICS = [
  VLLM_METRICS.numRequestsRunning,
  VLLM_METRICS.numRequestsWaiting,
  VLLM_METRICS.kvCacheUsage,
  `${VLLM_METRICS.timeToFirstToken}_bucket`,
  VLLM_METRICS.preemptions,
] as const;

function rule(
  alert: string,
  expr: string,
  forDuration: string,
  severity: "critical" | "warning",
  summary: string,
  description: string,
  labels: Readonly<Record<string, string>> = {},
): AlertRule {
  return {
    alert,
    expr: assertCurrentMetrics(expr, `alerts.${alert}.expr`),
    for: forDuration,
    labels: { severity, source: "llmfleet", ...labels },
    annotations: { summary, description },
  };
}

/** The serving and GPU alerts. Thresholds come from the validated spec. */
export function alertRules(spec: MonitoringSpec): AlertRule[] {
  const sustained = `${spec.sustainMinutes}m`;
  const ns = namespaceMatcher(spec);
  return [
    rule(
      "VllmKvCacheNearlyFull",
      `avg by (${BY_MODEL}) (${VLLM_METRICS.kvCacheUsage}) > ${spec.kvCacheUsageRatio}`,
      sustained,
      "warning",
      `KV cache of {{ $labels.model_name }} above ${Math.round(spec.kvCacheUsageRatio * 100)}%`,
      "Average KV-cache usage across replicas stayed high; new requests will queue or be preempted. Add replicas or lower max-num-seqs.",
    ),
    rule(
      "VllmRequestsQueued",
      `sum by (${BY_MODEL}) (${VLLM_METRICS.numRequestsWaiting}) > ${spec.waitingRequests}`,
      sustained,
      "warning",
      "Requests are waiting for {{ $labels.model_name }}",
      `More than ${spec.waitingRequests} requests have been waiting for ${sustained}: the model is saturated.`,
    ),
    rule(
      "VllmTtftSloBreached",
      `histogram_quantile(0.95, sum by (${BY_MODEL}, le) (rate(${VLLM_METRICS.timeToFirstToken}_bucket[5m]))) > ${spec.ttftSloSeconds}`,
      sustained,
      "critical",
      "TTFT p95 of {{ $labels.model_name }} above the SLO",
      `Time to first token p95 exceeded ${spec.ttftSloSeconds}s for ${sustained}.`,
    ),
    rule(
      "VllmPreempting",
      `sum by (${BY_MODEL}) (rate(${VLLM_METRICS.preemptions}[5m])) > 0`,
      "5m",
      "warning",
      "{{ $labels.model_name }} is preempting requests",
      "The engine runs out of KV-cache blocks and recomputes preempted requests, wasting GPU time.",
    ),
    rule(
      "GpuXidError",
      `max by (Hostname, gpu, UUID) (${DCGM_METRICS.xidErrors}) > 0`,
      "0m",
      "critical",
      "XID error on GPU {{ $labels.gpu }} of {{ $labels.Hostname }}",
      "The driver reported an XID error; the GPU may need a reset and its pods a reschedule.",
    ),
    rule(
      "InferenceReplicasNotReady",
      `(kube_deployment_spec_replicas{${ns}} - kube_deployment_status_replicas_ready{${ns}}) > 0` +
        ` or (kube_statefulset_replicas{${ns}} - kube_statefulset_status_replicas_ready{${ns}}) > 0`,
      "15m",
      "warning",
      "Replicas of {{ $labels.namespace }}/{{ $labels.deployment }}{{ $labels.statefulset }} not ready",
      "Inference replicas have not been ready for 15 minutes: pending GPUs, a failing model load or a crash loop.",
    ),
    ...GUARDED_METRICS.map((metric) =>
      rule(
        "VllmMetricMissing",
        `absent(${metric}) and on () (sum(up{job="${ENGINE_JOB}"}) > 0)`,
        sustained,
        "critical",
        `vLLM metric ${metric} is missing`,
        "Engines are scraped but this metric is absent: a vLLM upgrade renamed it and the alerts reading it are blind.",
        { metric },
      ),
    ),
  ];
}

/** The rules as a PrometheusRule object. */
export function prometheusRule(spec: MonitoringSpec): KubernetesObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: "llmfleet-alerts",
      namespace: spec.namespace,
      labels: { "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/component": "monitoring" },
    },
    spec: { groups: [{ name: "llmfleet.serving", rules: alertRules(spec) }] },
  };
}
