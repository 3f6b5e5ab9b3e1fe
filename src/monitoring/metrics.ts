import { LlmfleetError } from "../errors/index.js";

/**
 * The metric names dashboards and alerts may use. vLLM renames metrics between releases and a
 * renamed metric silently empties every panel and alert that reads it, so every expression
 * llmfleet emits is checked against this catalogue, and the removed names are refused outright.
 */

/** Current vLLM metrics (labels `model_name`, `engine`). Histograms are listed by base name. */
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

/**
 * NVIDIA DCGM exporter fields: the chart's default counters (dcgm-exporter `deployment/templates/
 * metrics-configmap.yaml`), plus `DCGM_EXP_XID_ERRORS_COUNT`, which llmfleet's values switch on.
 */
export const DCGM_METRICS = {
  gpuUtil: "DCGM_FI_DEV_GPU_UTIL",
  framebufferUsed: "DCGM_FI_DEV_FB_USED",
  framebufferFree: "DCGM_FI_DEV_FB_FREE",
  gpuTemperature: "DCGM_FI_DEV_GPU_TEMP",
  powerUsage: "DCGM_FI_DEV_POWER_USAGE",
  /** The code of the last XID the driver reported; a gauge that never resets (NVIDIA/dcgm-exporter#500). */
  xidErrors: "DCGM_FI_DEV_XID_ERRORS",
  /**
   * XID events in the exporter's sliding window (`--xid-count-window-size`, 5 min by default), one
   * series per code (label `xid`): unlike the last-XID gauge it counts a repeat of the same code.
   */
  xidErrorsInWindow: "DCGM_EXP_XID_ERRORS_COUNT",
  /** 1 when the GPU ran out of spare rows to remap a failing memory row: the board needs replacing. */
  rowRemapFailure: "DCGM_FI_DEV_ROW_REMAP_FAILURE",
} as const;

const HISTOGRAM_SUFFIXES = ["_bucket", "_sum", "_count"];
const CURRENT_VLLM = new Set<string>(Object.values(VLLM_METRICS));

/** The vLLM and DCGM metric names an expression reads. */
export function metricNamesIn(expression: string): string[] {
  return [...new Set(expression.match(/\bvllm:[A-Za-z0-9_:]+|\bDCGM_(?:FI|EXP)_[A-Z0-9_]+/g) ?? [])];
}

function baseName(name: string): string {
  const suffix = HISTOGRAM_SUFFIXES.find((candidate) => name.endsWith(candidate) && CURRENT_VLLM.has(name.slice(0, -candidate.length)));
  return suffix === undefined ? name : name.slice(0, -suffix.length);
}

/**
 * Throws when `expression` reads a removed or unknown vLLM metric, or an unknown DCGM field.
 * `field` names the expression in the error (e.g. `alerts.InferenceKvCacheNearlyFull.expr`).
 */
export function assertCurrentMetrics(expression: string, field: string): string {
  const dcgm = new Set<string>(Object.values(DCGM_METRICS));
  for (const name of metricNamesIn(expression)) {
    const removed = REMOVED_VLLM_METRICS.find((entry) => (entry.name.endsWith("_") ? name.startsWith(entry.name) : name === entry.name));
    if (removed !== undefined) {
      throw new LlmfleetError(field, name, "this vLLM metric was removed, so the query would return nothing", `use ${removed.replacement}`);
    }
    const known = name.startsWith("vllm:") ? CURRENT_VLLM.has(baseName(name)) : dcgm.has(name);
    if (!known) {
      throw new LlmfleetError(field, name, "not a metric in the llmfleet catalogue (src/monitoring/metrics.ts)", "use a current vLLM or DCGM metric name, or add it to the catalogue");
    }
  }
  return expression;
}
