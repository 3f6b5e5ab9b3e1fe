import { GUARDED_METRICS } from "../../src/monitoring/index.js";

/**
 * Input series for each alert (defaults: 10 min sustain, TTFT SLO 2 s, KV cache 0.9, 5 waiting),
 * one case where it must fire and at least one where it must stay quiet. Series advance by 1 min.
 */
export interface Series {
  readonly series: string;
  readonly values: string;
}

export interface AlertCase {
  readonly alert: string;
  /** Label that tells apart rules sharing an alert name (the absent() guards). */
  readonly ruleLabels?: Readonly<Record<string, string>>;
  readonly behaviour: string;
  readonly series: readonly Series[];
  readonly evalMinutes: number;
  /** Labels of each expected alert beyond the rule's own; empty when it must stay quiet. */
  readonly firing: readonly Readonly<Record<string, string>>[];
}

const MODEL = `namespace="llm-serving", model_name="qwen"`;
const ALL_ENGINE_METRICS: Series[] = [
  { series: `vllm:num_requests_running{${MODEL}}`, values: "10x30" },
  { series: `vllm:num_requests_waiting{${MODEL}}`, values: "0x30" },
  { series: `vllm:kv_cache_usage_perc{${MODEL}}`, values: "0.5x30" },
  { series: `vllm:time_to_first_token_seconds_bucket{${MODEL}, le="+Inf"}`, values: "0+10x30" },
  { series: `vllm:num_preemptions_total{${MODEL}}`, values: "0x30" },
];
const ENGINES_UP: Series = { series: `up{job="llmfleet-engines", instance="10.0.0.5:8000"}`, values: "1x30" };
const FOR_MODEL = { namespace: "llm-serving", model_name: "qwen" };

function ttftBuckets(le: string[], counts: string[]): Series[] {
  return le.map((bound, index) => ({ series: `vllm:time_to_first_token_seconds_bucket{${MODEL}, le="${bound}"}`, values: counts[index] ?? "" }));
}

export const ALERT_CASES: readonly AlertCase[] = [
  {
    alert: "VllmKvCacheNearlyFull",
    behaviour: "fires when the average across replicas stays above 90%",
    series: [
      { series: `vllm:kv_cache_usage_perc{${MODEL}, pod="a"}`, values: "0.95x20" },
      { series: `vllm:kv_cache_usage_perc{${MODEL}, pod="b"}`, values: "0.93x20" },
    ],
    evalMinutes: 15,
    firing: [FOR_MODEL],
  },
  {
    alert: "VllmKvCacheNearlyFull",
    behaviour: "stays quiet when only one replica is full (average 72%)",
    series: [
      { series: `vllm:kv_cache_usage_perc{${MODEL}, pod="a"}`, values: "0.95x20" },
      { series: `vllm:kv_cache_usage_perc{${MODEL}, pod="b"}`, values: "0.5x20" },
    ],
    evalMinutes: 15,
    firing: [],
  },
  {
    alert: "VllmKvCacheNearlyFull",
    behaviour: "stays quiet when the cache has been full for less than the sustain time",
    series: [{ series: `vllm:kv_cache_usage_perc{${MODEL}, pod="a"}`, values: "0.5x9 0.95x10" }],
    evalMinutes: 15,
    firing: [],
  },
  {
    alert: "VllmRequestsQueued",
    behaviour: "fires when more than 5 requests wait for 10 minutes",
    series: [{ series: `vllm:num_requests_waiting{${MODEL}, pod="a"}`, values: "8x20" }],
    evalMinutes: 15,
    firing: [FOR_MODEL],
  },
  {
    alert: "VllmRequestsQueued",
    behaviour: "stays quiet with a short queue",
    series: [{ series: `vllm:num_requests_waiting{${MODEL}, pod="a"}`, values: "3x20" }],
    evalMinutes: 15,
    firing: [],
  },
  {
    alert: "VllmTtftSloBreached",
    behaviour: "fires when TTFT p95 is between 2.5 s and 5 s",
    series: ttftBuckets(["1", "2.5", "5", "+Inf"], ["0x30", "0x30", "0+10x30", "0+10x30"]),
    evalMinutes: 20,
    firing: [FOR_MODEL],
  },
  {
    alert: "VllmTtftSloBreached",
    behaviour: "stays quiet when every first token comes within 0.5 s",
    series: ttftBuckets(["0.5", "1", "2.5", "+Inf"], ["0+10x30", "0+10x30", "0+10x30", "0+10x30"]),
    evalMinutes: 20,
    firing: [],
  },
  {
    alert: "VllmPreempting",
    behaviour: "fires while the preemption counter keeps rising",
    series: [{ series: `vllm:num_preemptions_total{${MODEL}, pod="a"}`, values: "0+3x20" }],
    evalMinutes: 12,
    firing: [FOR_MODEL],
  },
  {
    alert: "VllmPreempting",
    behaviour: "stays quiet when the counter is flat",
    series: [{ series: `vllm:num_preemptions_total{${MODEL}, pod="a"}`, values: "7x20" }],
    evalMinutes: 12,
    firing: [],
  },
  {
    alert: "GpuXidError",
    behaviour: "fires as soon as a GPU reports an XID",
    series: [{ series: `DCGM_FI_DEV_XID_ERRORS{Hostname="node-1", gpu="3", UUID="GPU-3"}`, values: "0 0 79x10" }],
    evalMinutes: 5,
    firing: [{ Hostname: "node-1", gpu: "3", UUID: "GPU-3" }],
  },
  {
    alert: "GpuXidError",
    behaviour: "stays quiet without XID errors",
    series: [{ series: `DCGM_FI_DEV_XID_ERRORS{Hostname="node-1", gpu="3", UUID="GPU-3"}`, values: "0x10" }],
    evalMinutes: 5,
    firing: [],
  },
  {
    alert: "InferenceReplicasNotReady",
    behaviour: "fires when a deployment and an LWS group have lacked a ready replica for 15 minutes",
    series: [
      { series: `kube_deployment_spec_replicas{namespace="llm-serving", deployment="qwen"}`, values: "2x30" },
      { series: `kube_deployment_status_replicas_ready{namespace="llm-serving", deployment="qwen"}`, values: "1x30" },
      { series: `kube_statefulset_replicas{namespace="llm-serving", statefulset="deepseek-0"}`, values: "2x30" },
      { series: `kube_statefulset_status_replicas_ready{namespace="llm-serving", statefulset="deepseek-0"}`, values: "1x30" },
    ],
    evalMinutes: 20,
    firing: [
      { namespace: "llm-serving", deployment: "qwen" },
      { namespace: "llm-serving", statefulset: "deepseek-0" },
    ],
  },
  {
    alert: "InferenceReplicasNotReady",
    behaviour: "stays quiet when all replicas are ready, and for deployments outside the serving namespaces",
    series: [
      { series: `kube_deployment_spec_replicas{namespace="llm-serving", deployment="qwen"}`, values: "2x30" },
      { series: `kube_deployment_status_replicas_ready{namespace="llm-serving", deployment="qwen"}`, values: "2x30" },
      { series: `kube_deployment_spec_replicas{namespace="default", deployment="web"}`, values: "2x30" },
      { series: `kube_deployment_status_replicas_ready{namespace="default", deployment="web"}`, values: "0x30" },
    ],
    evalMinutes: 20,
    firing: [],
  },
  ...GUARDED_METRICS.flatMap((metric): AlertCase[] => [
    {
      alert: "VllmMetricMissing",
      ruleLabels: { metric },
      behaviour: `fires when engines are scraped but ${metric} is gone (a rename)`,
      series: [ENGINES_UP, ...ALL_ENGINE_METRICS.filter((series) => !series.series.startsWith(`${metric}{`))],
      evalMinutes: 15,
      firing: [{}],
    },
    {
      alert: "VllmMetricMissing",
      ruleLabels: { metric },
      behaviour: `stays quiet while ${metric} is exported`,
      series: [ENGINES_UP, ...ALL_ENGINE_METRICS],
      evalMinutes: 15,
      firing: [],
    },
    {
      alert: "VllmMetricMissing",
      ruleLabels: { metric },
      behaviour: "stays quiet when no engine is scraped at all",
      series: [],
      evalMinutes: 15,
      firing: [],
    },
  ]),
];
