import type { EngineMetrics } from "../types.js";

/**
 * SGLang's Prometheus metrics (v0.5.18 `python/sglang/srt/observability/metrics_collector.py`; served
 * on the API port at `/metrics` with `--enable-metrics`). Scheduler gauges carry `model_name`,
 * `engine_type`, `tp_rank`, `pp_rank` (only `attn_tp_rank == 0` reports them), tokenizer histograms
 * and counters `model_name` and `engine_type`. Histograms by base name.
 */
export const SGLANG_METRICS = {
  numRunningReqs: "sglang:num_running_reqs",
  numQueueReqs: "sglang:num_queue_reqs",
  genThroughput: "sglang:gen_throughput",
  cacheHitRate: "sglang:cache_hit_rate",
  tokenUsage: "sglang:token_usage",
  numUsedTokens: "sglang:num_used_tokens",
  maxTotalNumTokens: "sglang:max_total_num_tokens",
  promptTokens: "sglang:prompt_tokens_total",
  generationTokens: "sglang:generation_tokens_total",
  numRequests: "sglang:num_requests_total",
  cachedTokens: "sglang:cached_tokens_total",
  abortedRequests: "sglang:num_aborted_requests_total",
  timeToFirstToken: "sglang:time_to_first_token_seconds",
  interTokenLatency: "sglang:inter_token_latency_seconds",
  e2eLatency: "sglang:e2e_request_latency_seconds",
  queueTime: "sglang:queue_time_seconds",
} as const;

export const sglangMetrics: EngineMetrics = {
  modelLabel: "model_name",
  requestsRunning: SGLANG_METRICS.numRunningReqs,
  requestsWaiting: SGLANG_METRICS.numQueueReqs,
  kvCacheUsage: SGLANG_METRICS.tokenUsage,
  promptTokens: SGLANG_METRICS.promptTokens,
  generationTokens: SGLANG_METRICS.generationTokens,
  timeToFirstToken: SGLANG_METRICS.timeToFirstToken,
  interTokenLatency: SGLANG_METRICS.interTokenLatency,
  e2eLatency: SGLANG_METRICS.e2eLatency,
  known: Object.values(SGLANG_METRICS),
  // v0.5.18 has no time_per_output_token histogram; inter-token latency replaced it.
  removed: [{ name: "sglang:time_per_output_token_seconds", replacement: SGLANG_METRICS.interTokenLatency }],
};
