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

export const vllmMetrics: EngineMetrics = {
  modelLabel: "model_name",
  requestsRunning: VLLM_METRICS.numRequestsRunning,
  requestsWaiting: VLLM_METRICS.numRequestsWaiting,
  kvCacheUsage: VLLM_METRICS.kvCacheUsage,
  promptTokens: VLLM_METRICS.promptTokens,
  generationTokens: VLLM_METRICS.generationTokens,
  timeToFirstToken: VLLM_METRICS.timeToFirstToken,
  interTokenLatency: VLLM_METRICS.interTokenLatency,
  e2eLatency: VLLM_METRICS.e2eLatency,
  known: Object.values(VLLM_METRICS),
  removed: REMOVED_VLLM_METRICS,
};
