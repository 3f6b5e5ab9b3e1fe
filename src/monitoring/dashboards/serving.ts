import { VLLM_METRICS } from "../metrics.js";
import type { DashboardSpec, PanelQuery } from "./grafana.js";

const MODEL = `model_name=~"$model_name"`;
const RATE = "$__rate_interval";

function percentiles(histogram: string): PanelQuery[] {
  return [0.5, 0.95, 0.99].map((quantile) => ({
    expr: `histogram_quantile(${quantile}, sum by (model_name, le) (rate(${histogram}_bucket{${MODEL}}[${RATE}])))`,
    legend: `p${quantile * 100} {{model_name}}`,
  }));
}

function rate(counter: string, by = "model_name"): string {
  return `sum by (${by}) (rate(${counter}{${MODEL}}[${RATE}]))`;
}

/** Serving: latency percentiles, throughput, queue, KV cache, prefix cache and speculative decoding. */
export const servingDashboard: DashboardSpec = {
  uid: "llmfleet-serving",
  title: "llmfleet / Serving",
  variables: [{ name: "model_name", metric: VLLM_METRICS.numRequestsRunning, label: "model_name" }],
  panels: [
    { title: "Time to first token", unit: "s", queries: percentiles(VLLM_METRICS.timeToFirstToken) },
    { title: "Inter-token latency", unit: "s", queries: percentiles(VLLM_METRICS.interTokenLatency) },
    { title: "End-to-end request latency", unit: "s", queries: percentiles(VLLM_METRICS.e2eLatency) },
    { title: "Queue time", unit: "s", queries: percentiles(VLLM_METRICS.queueTime) },
    {
      title: "Token throughput",
      unit: "tokens/s",
      queries: [
        { expr: rate(VLLM_METRICS.promptTokens), legend: "prompt {{model_name}}" },
        { expr: rate(VLLM_METRICS.generationTokens), legend: "generation {{model_name}}" },
      ],
    },
    {
      title: "Requests running and waiting",
      unit: "short",
      queries: [
        { expr: `sum by (model_name) (${VLLM_METRICS.numRequestsRunning}{${MODEL}})`, legend: "running {{model_name}}" },
        { expr: `sum by (model_name) (${VLLM_METRICS.numRequestsWaiting}{${MODEL}})`, legend: "waiting {{model_name}}" },
      ],
    },
    {
      // Averaged, not summed: the sum of per-replica ratios is meaningless.
      title: "KV-cache usage (average across replicas)",
      unit: "percentunit",
      queries: [{ expr: `avg by (model_name) (${VLLM_METRICS.kvCacheUsage}{${MODEL}})`, legend: "{{model_name}}" }],
    },
    {
      title: "Prefix-cache hit rate",
      unit: "percentunit",
      queries: [{ expr: `${rate(VLLM_METRICS.prefixCacheHits)} / ${rate(VLLM_METRICS.prefixCacheQueries)}`, legend: "{{model_name}}" }],
    },
    {
      title: "Speculative-decoding acceptance rate",
      unit: "percentunit",
      queries: [
        { expr: `${rate(VLLM_METRICS.specDecodeAcceptedTokens)} / ${rate(VLLM_METRICS.specDecodeDraftTokens)}`, legend: "{{model_name}}" },
      ],
    },
    {
      title: "Finished requests and preemptions",
      unit: "reqps",
      queries: [
        { expr: rate(VLLM_METRICS.requestSuccess, "model_name, finished_reason"), legend: "{{finished_reason}} {{model_name}}" },
        { expr: rate(VLLM_METRICS.preemptions), legend: "preempted {{model_name}}" },
      ],
    },
  ],
};
