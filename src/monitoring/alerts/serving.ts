import { ENGINE_JOB, ENGINE_LABEL, type MonitoringSpec } from "../spec.js";
import { leLabel, roundUpToBucket, type HistogramMetric, type RoundedThreshold, type ServingMetrics } from "../servingMetrics.js";
import { BY_DEPLOYMENT, BY_REPLICA, type AlertDefinition } from "./rule.js";

/**
 * Alerts on the engines' own metrics, each per deployment and version (the engine monitor copies
 * the pods' `app.kubernetes.io/name` and `llmfleet.io/version` to `deployment` and `version`), so a
 * canary that misbehaves alerts on its own even when it takes a tenth of the traffic.
 */

/** Share of requests allowed to miss a latency objective: the objectives are 95th percentiles. */
export const LATENCY_OBJECTIVE_QUANTILE = 0.95;

export function engineSelector(metrics: ServingMetrics): string {
  return `job="${ENGINE_JOB}", ${ENGINE_LABEL}="${metrics.engine}"`;
}

/** Share of observations above `bound` over 5 minutes: exact, because `bound` is a bucket bound. */
function shareSlowerThan(histogram: HistogramMetric, bound: number, selector: string): string {
  const count = `sum by (${BY_DEPLOYMENT}) (rate(${histogram.name}_count{${selector}}[5m]))`;
  const within = `sum by (${BY_DEPLOYMENT}) (rate(${histogram.name}_bucket{${selector}, le="${leLabel(bound)}"}[5m]))`;
  return `(1 - ${within} / ${count})`;
}

function roundingNote(threshold: RoundedThreshold, what: string): string {
  return threshold.rounded
    ? `The ${what} objective of ${threshold.configuredSeconds} s is measured at ${threshold.boundSeconds} s, the engine histogram's next bucket bound: it cannot tell requests apart inside a bucket.`
    : `The ${what} objective of ${threshold.configuredSeconds} s is a bucket bound of the engine histogram, so the share is exact.`;
}

function latencySlo(
  alert: string,
  histogram: HistogramMetric,
  threshold: RoundedThreshold,
  what: string,
  severity: AlertDefinition["severity"],
  spec: MonitoringSpec,
  selector: string,
): AlertDefinition {
  const budget = 1 - LATENCY_OBJECTIVE_QUANTILE;
  const percent = Math.round(budget * 100);
  return {
    alert,
    expr: `${shareSlowerThan(histogram, threshold.boundSeconds, selector)} > ${budget.toFixed(2)}`,
    forMinutes: spec.sustainMinutes,
    severity,
    summary: `${what} of {{ $labels.deployment }} {{ $labels.version }} misses its objective`,
    description:
      `More than ${percent}% of ${what === "TTFT" ? "first tokens" : "output tokens"} of {{ $labels.namespace }}/{{ $labels.deployment }} ({{ $labels.version }}) ` +
      `took longer than ${threshold.boundSeconds} s for ${spec.sustainMinutes} minutes, i.e. its p95 is above ${threshold.boundSeconds} s. ${roundingNote(threshold, what)}`,
  };
}

/** Metrics the serving alerts read; each is guarded so that an engine upgrade that renames one cannot blind them. */
export function guardedMetrics(metrics: ServingMetrics): string[] {
  return [
    metrics.running,
    metrics.waiting,
    metrics.kvCacheUsage,
    metrics.generationTokens,
    ...(metrics.preemptions === undefined ? [] : [metrics.preemptions]),
    ...(metrics.httpRequests === undefined ? [] : [metrics.httpRequests]),
    `${metrics.timeToFirstToken.name}_bucket`,
    `${metrics.interTokenLatency.name}_bucket`,
  ];
}

/** Preemptions, for engines that count them. */
function preemptionAlerts(spec: MonitoringSpec, metrics: ServingMetrics, engine: string): AlertDefinition[] {
  if (metrics.preemptions === undefined) return [];
  return [
    {
      alert: "InferencePreempting",
      expr: `sum by (${BY_DEPLOYMENT}) (rate(${metrics.preemptions}{${engine}}[5m])) > 0`,
      forMinutes: spec.sustainMinutes,
      severity: "warning",
      summary: "{{ $labels.deployment }} {{ $labels.version }} keeps preempting requests",
      description: `The engines of {{ $labels.namespace }}/{{ $labels.deployment }} ({{ $labels.version }}) have preempted requests for ${spec.sustainMinutes} minutes: they run out of KV-cache blocks and recompute the preempted requests, wasting GPU time.`,
    },
  ];
}

/** The 5xx share of API requests, for engines that count HTTP requests by status. */
function errorRateAlerts(spec: MonitoringSpec, metrics: ServingMetrics, engine: string): AlertDefinition[] {
  const http = metrics.httpRequests;
  if (http === undefined) return [];
  const v1 = `handler=~"/v1/.*"`;
  return [
    {
      alert: "InferenceErrorRateHigh",
      expr:
        `sum by (${BY_DEPLOYMENT}) (rate(${http}{${engine}, ${v1}, status="5xx"}[5m])) ` +
        `/ sum by (${BY_DEPLOYMENT}) (rate(${http}{${engine}, ${v1}}[5m])) > ${spec.errorRatio}`,
      forMinutes: 5,
      severity: "critical",
      summary: "{{ $labels.deployment }} {{ $labels.version }} answers requests with server errors",
      description: `More than ${Math.round(spec.errorRatio * 100)}% of the API requests {{ $labels.namespace }}/{{ $labels.deployment }} ({{ $labels.version }}) answered in the last 5 minutes were 5xx, for 5 minutes.`,
    },
  ];
}

export function servingAlerts(spec: MonitoringSpec, metrics: ServingMetrics): AlertDefinition[] {
  const engine = engineSelector(metrics);
  const ttft = roundUpToBucket(metrics.timeToFirstToken, spec.ttftSloSeconds, "ttftSloSeconds");
  const itl = roundUpToBucket(metrics.interTokenLatency, spec.interTokenLatencySloSeconds, "interTokenLatencySloSeconds");
  return [
    {
      alert: "InferenceKvCacheNearlyFull",
      expr: `avg by (${BY_DEPLOYMENT}) (${metrics.kvCacheUsage}{${engine}}) > ${spec.kvCacheUsageRatio}`,
      forMinutes: spec.sustainMinutes,
      severity: "warning",
      summary: `KV cache of {{ $labels.deployment }} {{ $labels.version }} above ${Math.round(spec.kvCacheUsageRatio * 100)}%`,
      description: `The average KV-cache usage across the replicas of {{ $labels.namespace }}/{{ $labels.deployment }} ({{ $labels.version }}) stayed above ${Math.round(spec.kvCacheUsageRatio * 100)}% for ${spec.sustainMinutes} minutes: new requests queue or preempt running ones.`,
    },
    {
      alert: "InferenceRequestsQueued",
      expr: `sum by (${BY_DEPLOYMENT}) (${metrics.waiting}{${engine}}) > ${spec.waitingRequests}`,
      forMinutes: spec.sustainMinutes,
      severity: "warning",
      summary: "Requests are waiting for {{ $labels.deployment }} {{ $labels.version }}",
      description: `More than ${spec.waitingRequests} requests have waited for a batch slot on {{ $labels.namespace }}/{{ $labels.deployment }} ({{ $labels.version }}) for ${spec.sustainMinutes} minutes: it is saturated.`,
    },
    latencySlo("InferenceTtftSloBreached", metrics.timeToFirstToken, ttft, "TTFT", "critical", spec, engine),
    latencySlo("InferenceInterTokenLatencySloBreached", metrics.interTokenLatency, itl, "inter-token latency", "warning", spec, engine),
    ...preemptionAlerts(spec, metrics, engine),
    {
      alert: "InferenceEngineStuck",
      expr: `(sum by (${BY_REPLICA}) (${metrics.running}{${engine}}) > 0) and (sum by (${BY_REPLICA}) (rate(${metrics.generationTokens}{${engine}}[5m])) == 0)`,
      forMinutes: 5,
      severity: "critical",
      summary: "{{ $labels.pod }} holds requests but generates no tokens",
      description: "The engine in {{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.deployment }} {{ $labels.version }}) has had requests running for 5 minutes without generating a single token: it is hung (a NCCL collective, a dead worker, a wedged GPU) while its health endpoint may still answer.",
    },
    ...errorRateAlerts(spec, metrics, engine),
    ...guardedMetrics(metrics).map(
      (metric): AlertDefinition => ({
        alert: "InferenceMetricMissing",
        expr: `count by (${BY_DEPLOYMENT}) (up{${engine}} == 1) unless on (${BY_DEPLOYMENT}) count by (${BY_DEPLOYMENT}) (${metric}{${engine}})`,
        forMinutes: spec.sustainMinutes,
        severity: "warning",
        summary: `{{ $labels.deployment }} {{ $labels.version }} no longer exports ${metric}`,
        description: `The engines of {{ $labels.namespace }}/{{ $labels.deployment }} ({{ $labels.version }}) are scraped but export no ${metric}: an engine upgrade renamed it, and the alerts and panels that read it are blind for this deployment.`,
        labels: { metric },
      }),
    ),
  ];
}
