import type { HistogramMetric } from "./servingMetrics.js";

/**
 * The endpoint picker's (EPP's) Prometheus metrics, Gateway API Inference Extension v1.5.0
 * (`pkg/epp/metrics/metrics.go`; registered on controller-runtime's registry, so served at
 * `/metrics` of `--metrics-port`, 9090 by default: `pkg/epp/server/options.go`). Every collector
 * sets only a `Subsystem`, so names are `<subsystem>_<name>`. Histograms are listed by base name.
 *
 * - `inference_objective_*`: per request, labels `model_name`, `target_model_name` (and `priority`
 *   on the request counter, `error_code` on the error counter). No pool label: one picker serves
 *   one pool, so llmfleet's PodMonitor adds the pool as target label `pool`.
 * - `inference_pool_*`: gauges over the pool's endpoints, label `name` (the pool's name).
 * - `inference_extension_*`: the scheduler; `scheduler_attempts_total` has labels `status`
 *   (`success`/`failure`), `target_model_name`, `pod_name`, `namespace`, `port`.
 */
export const ENDPOINT_PICKER_METRICS = {
  requests: "inference_objective_request_total",
  requestErrors: "inference_objective_request_error_total",
  requestDuration: "inference_objective_request_duration_seconds",
  runningRequests: "inference_objective_running_requests",
  poolReadyPods: "inference_pool_ready_pods",
  poolAverageKvCacheUtilization: "inference_pool_average_kv_cache_utilization",
  poolAverageQueueSize: "inference_pool_average_queue_size",
  poolAverageRunningRequests: "inference_pool_average_running_requests",
  schedulerDuration: "inference_extension_scheduler_e2e_duration_seconds",
  schedulerAttempts: "inference_extension_scheduler_attempts_total",
  prefixIndexerHitRatio: "inference_extension_prefix_indexer_hit_ratio",
  prefixIndexerSize: "inference_extension_prefix_indexer_size",
  info: "inference_extension_info",
} as const;

/** `scheduler_e2e_duration_seconds` buckets (metrics.go, `schedulerE2ELatency`): 0.1 ms to 100 ms. */
export const SCHEDULER_DURATION: HistogramMetric = {
  name: ENDPOINT_PICKER_METRICS.schedulerDuration,
  bounds: [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1],
};

/** `prefix_indexer_hit_ratio` buckets (metrics.go, `prefixCacheHitRatio`): 0 to 1 by tenths. */
export const PREFIX_INDEXER_HIT_RATIO: HistogramMetric = {
  name: ENDPOINT_PICKER_METRICS.prefixIndexerHitRatio,
  bounds: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
};

/** Value of `status` on a failed scheduling attempt (metrics.go, `SchedulerStatusFailure`). */
export const SCHEDULER_FAILURE = "failure";

/** Scrape job of the endpoint pickers: alerts and panels select their series by it. */
export const ENDPOINT_PICKER_JOB = "llmfleet-endpoint-pickers";
/** Target label the picker monitor copies from the pods' `llmfleet.io/inference-pool`. */
export const POOL_LABEL = "pool";
/** The picker's metrics port, by the name its container gives it (the issue-14 contract: `metrics`, 9090). */
export const ENDPOINT_PICKER_METRICS_PORT = "metrics";
/** Pod labels every llmfleet endpoint picker carries (issue-14 contract). */
export const ENDPOINT_PICKER_POD_LABELS = {
  "app.kubernetes.io/name": "endpoint-picker",
  "app.kubernetes.io/component": "endpoint-picker",
  "app.kubernetes.io/managed-by": "llmfleet",
} as const;
/** Pod label naming the InferencePool a picker serves. */
export const ENDPOINT_PICKER_POOL_LABEL = "llmfleet.io/inference-pool";

/** The picker Deployment of the pool `pool` (issue-14 contract: `<deployment>-epp`). */
export function endpointPickerDeploymentName(pool: string): string {
  return `${pool}-epp`;
}

/** Every EPP metric name llmfleet may read, histograms by base name. */
export const KNOWN_ENDPOINT_PICKER_METRICS: readonly string[] = Object.values(ENDPOINT_PICKER_METRICS);
