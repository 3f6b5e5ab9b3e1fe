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

/** Histogram buckets (metrics_collector.py L1623–1716): time to first token; end to end adds 600–2400 s. */
const SGLANG_TTFT_BOUNDS = [0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8, 10, 20, 40, 60, 80, 100, 200, 400];
const SGLANG_ITL_BOUNDS = [0.002, 0.004, 0.006, 0.008, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04, 0.06, 0.08, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 2, 4, 6, 8];
const SGLANG_E2E_BOUNDS = [...SGLANG_TTFT_BOUNDS, 600, 1200, 1800, 2400];

/**
 * What dashboards, alerts and the autoscaler read from SGLang. It exports no HTTP status counter,
 * no preemption counter, no prefill/decode split and no per-request length histograms at v0.5.18,
 * so the panels and alerts built on those are left out for SGLang deployments.
 */
export const sglangMetrics: EngineMetrics = {
  engine: "sglang",
  modelLabel: "model_name",
  running: SGLANG_METRICS.numRunningReqs,
  waiting: SGLANG_METRICS.numQueueReqs,
  kvCacheUsage: SGLANG_METRICS.tokenUsage,
  promptTokens: SGLANG_METRICS.promptTokens,
  generationTokens: SGLANG_METRICS.generationTokens,
  timeToFirstToken: { name: SGLANG_METRICS.timeToFirstToken, bounds: SGLANG_TTFT_BOUNDS },
  interTokenLatency: { name: SGLANG_METRICS.interTokenLatency, bounds: SGLANG_ITL_BOUNDS },
  e2eLatency: { name: SGLANG_METRICS.e2eLatency, bounds: SGLANG_E2E_BOUNDS },
  known: Object.values(SGLANG_METRICS),
  // v0.5.18 has no time_per_output_token histogram; inter-token latency replaced it.
  removed: [{ name: "sglang:time_per_output_token_seconds", replacement: SGLANG_METRICS.interTokenLatency }],
};
