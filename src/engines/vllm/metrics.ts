import type { ServingMetrics } from "../../monitoring/servingMetrics.js";
import type { EngineMetrics } from "../types.js";

/**
 * vLLM's Prometheus metrics (v0.18, `vllm/v1/metrics/loggers.py`; labels `model_name`, `engine`).
 * Histograms are listed by base name. vLLM renames metrics between releases, and a renamed metric
 * silently empties every panel and alert that reads it, so expressions are checked against this list.
 */
export const VLLM_METRICS = {
  numRequestsRunning: "vllm:num_requests_running",
  numRequestsWaiting: "vllm:num_requests_waiting",
  kvCacheUsage: "vllm:kv_cache_usage_perc",
  cacheConfigInfo: "vllm:cache_config_info",
  promptTokens: "vllm:prompt_tokens_total",
  generationTokens: "vllm:generation_tokens_total",
  requestSuccess: "vllm:request_success_total",
  preemptions: "vllm:num_preemptions_total",
  prefixCacheQueries: "vllm:prefix_cache_queries_total",
  prefixCacheHits: "vllm:prefix_cache_hits_total",
  specDecodeDrafts: "vllm:spec_decode_num_drafts_total",
  specDecodeDraftTokens: "vllm:spec_decode_num_draft_tokens_total",
  specDecodeAcceptedTokens: "vllm:spec_decode_num_accepted_tokens_total",
  timeToFirstToken: "vllm:time_to_first_token_seconds",
  interTokenLatency: "vllm:inter_token_latency_seconds",
  timePerOutputToken: "vllm:request_time_per_output_token_seconds",
  e2eLatency: "vllm:e2e_request_latency_seconds",
  queueTime: "vllm:request_queue_time_seconds",
  prefillTime: "vllm:request_prefill_time_seconds",
  decodeTime: "vllm:request_decode_time_seconds",
  requestPromptTokens: "vllm:request_prompt_tokens",
  requestGenerationTokens: "vllm:request_generation_tokens",
  iterationTokens: "vllm:iteration_tokens_total",
} as const;

/** Removed vLLM names (exact, or a prefix ending in `_`), with what replaced them. */
export const REMOVED_VLLM_METRICS: readonly { readonly name: string; readonly replacement: string }[] = [
  { name: "vllm:gpu_cache_usage_perc", replacement: VLLM_METRICS.kvCacheUsage },
  { name: "vllm:cpu_cache_usage_perc", replacement: VLLM_METRICS.kvCacheUsage },
  { name: "vllm:gpu_prefix_cache_", replacement: `${VLLM_METRICS.prefixCacheHits} / ${VLLM_METRICS.prefixCacheQueries}` },
  { name: "vllm:time_per_output_token_seconds", replacement: VLLM_METRICS.interTokenLatency },
];

/** vLLM's TTFT buckets (`vllm/v1/metrics/loggers.py`, PrometheusStatLogger). */
const VLLM_TTFT_BOUNDS = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0, 160.0, 640.0, 2560.0];
/** vLLM's inter-token latency buckets (same file). */
const VLLM_ITL_BOUNDS = [0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0, 20.0, 40.0, 80.0];
/** vLLM's `request_latency_buckets`, shared by the e2e, queue, prefill and decode histograms (same file). */
const VLLM_REQUEST_LATENCY_BOUNDS = [0.3, 0.5, 0.8, 1.0, 1.5, 2.0, 2.5, 5.0, 10.0, 15.0, 20.0, 30.0, 40.0, 50.0, 60.0, 120.0, 240.0, 480.0, 960.0, 1920.0, 7680.0];

/** vLLM's serving metrics (names from `VLLM_METRICS`; the HTTP counter is prometheus-fastapi-instrumentator's, which vLLM mounts). */
export const VLLM_SERVING_METRICS = {
  engine: "vllm",
  running: VLLM_METRICS.numRequestsRunning,
  waiting: VLLM_METRICS.numRequestsWaiting,
  kvCacheUsage: VLLM_METRICS.kvCacheUsage,
  promptTokens: VLLM_METRICS.promptTokens,
  generationTokens: VLLM_METRICS.generationTokens,
  requestSuccess: VLLM_METRICS.requestSuccess,
  preemptions: VLLM_METRICS.preemptions,
  httpRequests: "http_requests_total",
  timeToFirstToken: { name: VLLM_METRICS.timeToFirstToken, bounds: VLLM_TTFT_BOUNDS },
  interTokenLatency: { name: VLLM_METRICS.interTokenLatency, bounds: VLLM_ITL_BOUNDS },
  e2eLatency: { name: VLLM_METRICS.e2eLatency, bounds: VLLM_REQUEST_LATENCY_BOUNDS },
  queueTime: { name: VLLM_METRICS.queueTime, bounds: VLLM_REQUEST_LATENCY_BOUNDS },
  prefillTime: { name: VLLM_METRICS.prefillTime, bounds: VLLM_REQUEST_LATENCY_BOUNDS },
  decodeTime: { name: VLLM_METRICS.decodeTime, bounds: VLLM_REQUEST_LATENCY_BOUNDS },
  requestPromptTokens: VLLM_METRICS.requestPromptTokens,
  requestGenerationTokens: VLLM_METRICS.requestGenerationTokens,
  prefixCache: { queries: VLLM_METRICS.prefixCacheQueries, hits: VLLM_METRICS.prefixCacheHits },
  speculativeDecoding: { draftTokens: VLLM_METRICS.specDecodeDraftTokens, acceptedTokens: VLLM_METRICS.specDecodeAcceptedTokens },
} as const satisfies ServingMetrics;

export const vllmMetrics: EngineMetrics = {
  ...VLLM_SERVING_METRICS,
  modelLabel: "model_name",
  known: Object.values(VLLM_METRICS),
  removed: REMOVED_VLLM_METRICS,
};
