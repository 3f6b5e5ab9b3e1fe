import { guardedMetrics, VLLM_SERVING_METRICS } from "../../src/monitoring/index.js";

/**
 * Input series for each alert, as the exporters print them after llmfleet's relabelling (engine
 * series carry `deployment`, `version`, `llmfleet_engine` and the pod), one case where the alert
 * must fire and at least one where it must stay quiet. The spec is `ALERT_TEST_SPEC` (10 min
 * sustain, TTFT objective 2 s → 2.5 s bucket, ITL 0.2 s, KV cache 0.9, 5 waiting, 5% errors).
 * Series advance by 1 min.
 */
export interface Series {
  readonly series: string;
  readonly values: string;
}

export interface AlertCase {
  readonly alert: string;
  /** Labels that tell apart rules sharing an alert name (a guarded metric, a watched deployment). */
  readonly ruleLabels?: Readonly<Record<string, string>>;
  readonly behaviour: string;
  readonly series: readonly Series[];
  readonly evalMinutes: number;
  /** Labels of each expected alert beyond the rule's own; empty when it must stay quiet. */
  readonly firing: readonly Readonly<Record<string, string>>[];
}

export const NS = "llm-serving";

/** The spec the rules are generated from for these cases. */
export const ALERT_TEST_SPEC = {
  servingNamespaces: [NS],
  meshGateway: true,
  deployments: [
    // A 72B model on one node: image pull plus a 10-minute startup probe.
    { name: "qwen", namespace: NS, version: "v1", workload: "Deployment", workloadName: "qwen", readinessBudgetSeconds: 1500 },
    // DeepSeek-V3 over three nodes: its weights take most of an hour to read.
    { name: "deepseek", namespace: NS, version: "v1", workload: "LeaderWorkerSet", workloadName: "deepseek-lws", readinessBudgetSeconds: 4500 },
  ],
  // qwen behind an inference-pool route: its endpoint picker's cases are in endpointPickerAlertCases.ts.
  endpointPickers: [{ namespace: NS, inferencePool: "qwen" }],
} as const;

const M = VLLM_SERVING_METRICS;

/** Target labels of one engine pod after relabelling (what `up` carries). */
function target(deployment = "qwen", version = "v1", pod = `${deployment}-0`): string {
  return `job="llmfleet-engines", llmfleet_engine="vllm", namespace="${NS}", deployment="${deployment}", version="${version}", pod="${pod}", instance="10.20.4.7:8000"`;
}

/** Labels of one engine pod's vLLM series: the target's plus vLLM's own. */
function engine(deployment = "qwen", version = "v1", pod = `${deployment}-0`): string {
  return `${target(deployment, version, pod)}, model_name="qwen2.5-72b-instruct", engine="0"`;
}

export function series(name: string, labels: string, values: string): Series {
  return { series: `${name}{${labels}}`, values };
}

/** Cumulative buckets of a histogram: `perMinute[i]` observations per minute at or below `bounds[i]`. */
function histogram(name: string, labels: string, bounds: readonly string[], perMinute: readonly number[], total: number, minutes = 40): Series[] {
  return [
    ...bounds.map((le, index) => series(`${name}_bucket`, `${labels}, le="${le}"`, `0+${perMinute[index] ?? 0}x${minutes}`)),
    series(`${name}_bucket`, `${labels}, le="+Inf"`, `0+${total}x${minutes}`),
    series(`${name}_count`, labels, `0+${total}x${minutes}`),
  ];
}

const QWEN = { namespace: NS, deployment: "qwen", version: "v1" };

/** Every metric the guards watch, present and plausible, for one pod of qwen v1. */
const ALL_GUARDED: Series[] = [
  series(M.running, engine(), "4x30"),
  series(M.waiting, engine(), "0x30"),
  series(M.kvCacheUsage, engine(), "0.5x30"),
  series(M.generationTokens, engine(), "0+3000x30"),
  series(M.preemptions, engine(), "0x30"),
  series(M.httpRequests, `${engine()}, handler="/v1/chat/completions", method="POST", status="2xx"`, "0+100x30"),
  series(`${M.timeToFirstToken.name}_bucket`, `${engine()}, le="+Inf"`, "0+100x30"),
  series(`${M.interTokenLatency.name}_bucket`, `${engine()}, le="+Inf"`, "0+3000x30"),
];
const SCRAPED = series("up", target(), "1x30");

const GPU = `Hostname="cn-beijing.10.20.1.5", gpu="3", UUID="GPU-5f2c0d1e-0003"`;
const XID_WINDOW = `${GPU}, window_size_in_ms="300000", modelName="NVIDIA L20"`;
const ON_GPU = { Hostname: "cn-beijing.10.20.1.5", gpu: "3", UUID: "GPU-5f2c0d1e-0003" };

function gateway(service: string, code: string, flags: string, values: string): Series {
  return series(
    "istio_requests_total",
    `reporter="source", source_workload="istio-ingressgateway", source_workload_namespace="istio-system", destination_service_namespace="${NS}", destination_service_name="${service}", response_code="${code}", response_flags="${flags}"`,
    values,
  );
}
const ROUTE = { destination_service_namespace: NS, destination_service_name: "qwen72b" };

export const ALERT_CASES: readonly AlertCase[] = [
  {
    alert: "InferenceKvCacheNearlyFull",
    behaviour: "fires when the average across replicas stays above 90%",
    series: [series(M.kvCacheUsage, engine("qwen", "v1", "qwen-0"), "0.95x20"), series(M.kvCacheUsage, engine("qwen", "v1", "qwen-1"), "0.93x20")],
    evalMinutes: 15,
    firing: [QWEN],
  },
  {
    alert: "InferenceKvCacheNearlyFull",
    behaviour: "stays quiet when only one replica is full (average 72%)",
    series: [series(M.kvCacheUsage, engine("qwen", "v1", "qwen-0"), "0.95x20"), series(M.kvCacheUsage, engine("qwen", "v1", "qwen-1"), "0.5x20")],
    evalMinutes: 15,
    firing: [],
  },
  {
    alert: "InferenceKvCacheNearlyFull",
    behaviour: "stays quiet when the cache has been full for less than the sustain time",
    series: [series(M.kvCacheUsage, engine(), "0.5x9 0.95x10")],
    evalMinutes: 15,
    firing: [],
  },
  {
    alert: "InferenceRequestsQueued",
    behaviour: "fires when more than 5 requests wait for 10 minutes",
    series: [series(M.waiting, engine(), "8x20")],
    evalMinutes: 15,
    firing: [QWEN],
  },
  {
    alert: "InferenceRequestsQueued",
    behaviour: "stays quiet with a short queue",
    series: [series(M.waiting, engine(), "3x20")],
    evalMinutes: 15,
    firing: [],
  },
  {
    alert: "InferenceTtftSloBreached",
    behaviour: "stays quiet when every first token takes 1.1 s (the interpolated p95 would read 2.43 s, above the 2 s objective)",
    series: histogram(M.timeToFirstToken.name, engine(), ["1.0", "2.5", "5.0"], [0, 10, 10], 10),
    evalMinutes: 20,
    firing: [],
  },
  {
    alert: "InferenceTtftSloBreached",
    behaviour: "fires for a canary v2 on 10% of the traffic with a 4.7 s p95, and not for v1 (together they are under 5% slow)",
    series: [
      ...histogram(M.timeToFirstToken.name, engine("qwen32b-v1", "v1"), ["0.5", "2.5", "5.0"], [108, 108, 108], 108),
      ...histogram(M.timeToFirstToken.name, engine("qwen32b-v2", "v2"), ["0.5", "2.5", "5.0"], [0, 7, 12], 12),
    ],
    evalMinutes: 20,
    firing: [{ namespace: NS, deployment: "qwen32b-v2", version: "v2" }],
  },
  {
    alert: "InferenceTtftSloBreached",
    behaviour: "stays quiet when every first token comes within 0.5 s",
    series: histogram(M.timeToFirstToken.name, engine(), ["0.5", "2.5"], [10, 10], 10),
    evalMinutes: 20,
    firing: [],
  },
  {
    alert: "InferenceTtftSloBreached",
    behaviour: "stays quiet when first tokens were slow for less than the sustain time",
    series: [
      series(`${M.timeToFirstToken.name}_bucket`, `${engine()}, le="2.5"`, "0+10x30 300+0x8"),
      series(`${M.timeToFirstToken.name}_bucket`, `${engine()}, le="+Inf"`, "0+10x30 300+10x8"),
      series(`${M.timeToFirstToken.name}_count`, engine(), "0+10x30 300+10x8"),
    ],
    evalMinutes: 38,
    firing: [],
  },
  {
    alert: "InferenceInterTokenLatencySloBreached",
    behaviour: "fires when every output token takes 0.25 s",
    series: histogram(M.interTokenLatency.name, engine(), ["0.1", "0.2", "0.3"], [0, 0, 3000], 3000),
    evalMinutes: 20,
    firing: [QWEN],
  },
  {
    alert: "InferenceInterTokenLatencySloBreached",
    behaviour: "stays quiet when output tokens follow within 0.1 s",
    series: histogram(M.interTokenLatency.name, engine(), ["0.1", "0.2"], [3000, 3000], 3000),
    evalMinutes: 20,
    firing: [],
  },
  {
    alert: "InferencePreempting",
    behaviour: "fires while the preemption counter keeps rising for 10 minutes",
    series: [series(M.preemptions, engine(), "0+3x25")],
    evalMinutes: 20,
    firing: [QWEN],
  },
  {
    alert: "InferencePreempting",
    behaviour: "stays quiet when the counter is flat",
    series: [series(M.preemptions, engine(), "7x25")],
    evalMinutes: 20,
    firing: [],
  },
  {
    alert: "InferenceEngineStuck",
    behaviour: "fires for the replica that holds requests and generates no token",
    series: [
      series(M.running, engine("qwen", "v1", "qwen-0"), "4x20"),
      series(M.generationTokens, engine("qwen", "v1", "qwen-0"), "5000x20"),
      series(M.running, engine("qwen", "v1", "qwen-1"), "4x20"),
      series(M.generationTokens, engine("qwen", "v1", "qwen-1"), "0+3000x20"),
    ],
    evalMinutes: 15,
    firing: [{ ...QWEN, pod: "qwen-0" }],
  },
  {
    alert: "InferenceEngineStuck",
    behaviour: "stays quiet for an idle engine (nothing running, nothing generated)",
    series: [series(M.running, engine(), "0x20"), series(M.generationTokens, engine(), "5000x20")],
    evalMinutes: 15,
    firing: [],
  },
  {
    alert: "InferenceErrorRateHigh",
    behaviour: "fires when 9% of a version's API requests end in a 5xx",
    series: [
      series(M.httpRequests, `${engine()}, handler="/v1/chat/completions", method="POST", status="2xx"`, "0+100x20"),
      series(M.httpRequests, `${engine()}, handler="/v1/chat/completions", method="POST", status="5xx"`, "0+10x20"),
    ],
    evalMinutes: 15,
    firing: [QWEN],
  },
  {
    alert: "InferenceErrorRateHigh",
    behaviour: "stays quiet at 1% errors",
    series: [
      series(M.httpRequests, `${engine()}, handler="/v1/chat/completions", method="POST", status="2xx"`, "0+100x20"),
      series(M.httpRequests, `${engine()}, handler="/v1/chat/completions", method="POST", status="5xx"`, "0+1x20"),
    ],
    evalMinutes: 15,
    firing: [],
  },
  ...guardedMetrics(M).flatMap((metric): AlertCase[] => [
    {
      alert: "InferenceMetricMissing",
      ruleLabels: { metric },
      behaviour: `fires when a deployment is scraped but ${metric} is gone (a rename)`,
      series: [SCRAPED, ...ALL_GUARDED.filter((entry) => !entry.series.startsWith(`${metric}{`))],
      evalMinutes: 15,
      firing: [QWEN],
    },
    {
      alert: "InferenceMetricMissing",
      ruleLabels: { metric },
      behaviour: `stays quiet while ${metric} is exported`,
      series: [SCRAPED, ...ALL_GUARDED],
      evalMinutes: 15,
      firing: [],
    },
    {
      alert: "InferenceMetricMissing",
      ruleLabels: { metric },
      behaviour: "stays quiet while no engine is scraped (still loading)",
      series: [series("up", target(), "0x30")],
      evalMinutes: 15,
      firing: [],
    },
  ]),
  {
    alert: "InferenceEngineScrapeDown",
    behaviour: "fires when a Ready replica's metrics endpoint stops answering",
    series: [
      series("up", target(), "1x5 0x15"),
      series("kube_pod_status_ready", `namespace="${NS}", pod="qwen-0", condition="true"`, "1x20"),
    ],
    evalMinutes: 15,
    firing: [{ ...QWEN, job: "llmfleet-engines", llmfleet_engine: "vllm", pod: "qwen-0", instance: "10.20.4.7:8000" }],
  },
  {
    alert: "InferenceEngineScrapeDown",
    behaviour: "stays quiet while the replica is loading its model (not Ready yet)",
    series: [
      series("up", target(), "0x20"),
      series("kube_pod_status_ready", `namespace="${NS}", pod="qwen-0", condition="true"`, "0x20"),
    ],
    evalMinutes: 15,
    firing: [],
  },
  {
    alert: "InferenceReplicasNotReady",
    ruleLabels: { deployment: "qwen" },
    behaviour: "fires when qwen has lacked a Ready replica for longer than its 25-minute budget",
    series: [
      series("kube_deployment_spec_replicas", `namespace="${NS}", deployment="qwen"`, "2x40"),
      series("kube_deployment_status_replicas_ready", `namespace="${NS}", deployment="qwen"`, "1x40"),
    ],
    evalMinutes: 30,
    firing: [{}],
  },
  {
    alert: "InferenceReplicasNotReady",
    ruleLabels: { deployment: "qwen" },
    behaviour: "stays quiet through a 20-minute rollout, and for deployments of other namespaces",
    series: [
      series("kube_deployment_spec_replicas", `namespace="${NS}", deployment="qwen"`, "2x40"),
      series("kube_deployment_status_replicas_ready", `namespace="${NS}", deployment="qwen"`, "1x20 2x20"),
      series("kube_deployment_spec_replicas", `namespace="default", deployment="qwen"`, "2x40"),
      series("kube_deployment_status_replicas_ready", `namespace="default", deployment="qwen"`, "0x40"),
    ],
    evalMinutes: 30,
    firing: [],
  },
  {
    alert: "InferenceReplicasNotReady",
    ruleLabels: { deployment: "deepseek" },
    behaviour: "stays quiet through an hour-long DeepSeek-V3 load (the old 15-minute rule paged on every one)",
    series: [
      series("kube_statefulset_replicas", `namespace="${NS}", statefulset="deepseek-lws"`, "1x90"),
      series("kube_statefulset_status_replicas_ready", `namespace="${NS}", statefulset="deepseek-lws"`, "0x60 1x30"),
      series("kube_statefulset_replicas", `namespace="${NS}", statefulset="deepseek-lws-0"`, "2x90"),
      series("kube_statefulset_status_replicas_ready", `namespace="${NS}", statefulset="deepseek-lws-0"`, "0x60 2x30"),
    ],
    evalMinutes: 62,
    firing: [],
  },
  {
    alert: "InferenceReplicasNotReady",
    ruleLabels: { deployment: "deepseek" },
    behaviour: "fires when the DeepSeek-V3 group's workers are still not Ready after its 75-minute budget",
    series: [
      series("kube_statefulset_replicas", `namespace="${NS}", statefulset="deepseek-lws"`, "1x90"),
      series("kube_statefulset_status_replicas_ready", `namespace="${NS}", statefulset="deepseek-lws"`, "1x90"),
      series("kube_statefulset_replicas", `namespace="${NS}", statefulset="deepseek-lws-0"`, "2x90"),
      series("kube_statefulset_status_replicas_ready", `namespace="${NS}", statefulset="deepseek-lws-0"`, "1x90"),
    ],
    evalMinutes: 80,
    firing: [{}],
  },
  {
    alert: "InferenceGatewayErrors",
    behaviour: "fires when a sixth of a route's requests end in a 5xx at the gateway",
    series: [gateway("qwen72b", "200", "-", "0+100x20"), gateway("qwen72b", "503", "URX", "0+20x20")],
    evalMinutes: 15,
    firing: [ROUTE],
  },
  {
    alert: "InferenceGatewayErrors",
    behaviour: "stays quiet at 1% errors",
    series: [gateway("qwen72b", "200", "-", "0+100x20"), gateway("qwen72b", "500", "-", "0+1x20")],
    evalMinutes: 15,
    firing: [],
  },
  {
    alert: "InferenceGatewayShedding",
    behaviour: "fires while the circuit breaker sheds requests with 503 UO",
    series: [gateway("qwen72b", "200", "-", "0+100x20"), gateway("qwen72b", "503", "UO", "0+5x20")],
    evalMinutes: 15,
    firing: [ROUTE],
  },
  {
    alert: "InferenceGatewayShedding",
    behaviour: "stays quiet for 503s that are not overflow (an engine restarting)",
    series: [gateway("qwen72b", "200", "-", "0+100x20"), gateway("qwen72b", "503", "URX", "0+5x20")],
    evalMinutes: 15,
    firing: [],
  },
  {
    alert: "GpuHardwareXid",
    behaviour: "fires for XID 79 counted in the exporter's window, code in the labels",
    series: [series("DCGM_EXP_XID_ERRORS_COUNT", `${XID_WINDOW}, xid="79"`, "1x5")],
    evalMinutes: 3,
    firing: [{ ...ON_GPU, xid: "79" }],
  },
  {
    alert: "GpuHardwareXid",
    behaviour: "fires again when the same XID comes back after the window emptied (the last-XID gauge could not show it)",
    series: [
      series("DCGM_EXP_XID_ERRORS_COUNT", XID_WINDOW, "0x40"),
      series("DCGM_EXP_XID_ERRORS_COUNT", `${XID_WINDOW}, xid="79"`, "1x5 _x24 1x5"),
      series("DCGM_FI_DEV_XID_ERRORS", GPU, "79x40"),
    ],
    evalMinutes: 32,
    firing: [{ ...ON_GPU, xid: "79" }],
  },
  {
    alert: "GpuHardwareXid",
    behaviour: "fires when only the last-XID gauge is exported and it changes to 79",
    series: [series("DCGM_FI_DEV_XID_ERRORS", GPU, "0 0 79x10")],
    evalMinutes: 5,
    firing: [{ ...ON_GPU, xid: "79" }],
  },
  {
    alert: "GpuHardwareXid",
    behaviour: "stays quiet 30 minutes after the first XID although the gauge still reads 79 (the old rule fired forever)",
    series: [series("DCGM_FI_DEV_XID_ERRORS", GPU, "0 0 79x60")],
    evalMinutes: 30,
    firing: [],
  },
  {
    alert: "GpuHardwareXid",
    behaviour: "stays quiet once the window has emptied, while the gauge keeps its last value",
    series: [series("DCGM_EXP_XID_ERRORS_COUNT", XID_WINDOW, "0x20"), series("DCGM_EXP_XID_ERRORS_COUNT", `${XID_WINDOW}, xid="79"`, "1x5"), series("DCGM_FI_DEV_XID_ERRORS", GPU, "0 79x20")],
    evalMinutes: 12,
    firing: [],
  },
  {
    alert: "GpuHardwareXid",
    behaviour: "stays quiet for application XID 13 (it does not page)",
    series: [series("DCGM_EXP_XID_ERRORS_COUNT", `${XID_WINDOW}, xid="13"`, "1x5"), series("DCGM_FI_DEV_XID_ERRORS", `${GPU}`, "0 13x5")],
    evalMinutes: 3,
    firing: [],
  },
  {
    alert: "GpuApplicationXid",
    behaviour: "warns for XID 13 with the code in the labels",
    series: [series("DCGM_EXP_XID_ERRORS_COUNT", `${XID_WINDOW}, xid="13"`, "1x5")],
    evalMinutes: 3,
    firing: [{ ...ON_GPU, xid: "13" }],
  },
  {
    alert: "GpuApplicationXid",
    behaviour: "stays quiet for hardware XID 79",
    series: [series("DCGM_EXP_XID_ERRORS_COUNT", `${XID_WINDOW}, xid="79"`, "1x5")],
    evalMinutes: 3,
    firing: [],
  },
  {
    alert: "GpuRowRemapFailure",
    behaviour: "fires when a GPU fails to remap a row",
    series: [series("DCGM_FI_DEV_ROW_REMAP_FAILURE", `${GPU}, modelName="NVIDIA L20"`, "0 1x5")],
    evalMinutes: 3,
    firing: [ON_GPU],
  },
  {
    alert: "GpuRowRemapFailure",
    behaviour: "stays quiet while remapping works",
    series: [series("DCGM_FI_DEV_ROW_REMAP_FAILURE", `${GPU}, modelName="NVIDIA L20"`, "0x5")],
    evalMinutes: 3,
    firing: [],
  },
  {
    alert: "GpuExporterMissing",
    behaviour: "fires for a GPU node that has exported no DCGM metrics for 15 minutes",
    series: [
      series("kube_node_labels", `node="cn-beijing.10.20.1.5", label_llmfleet_io_gpu="L20", label_llmfleet_io_pool="l20x4"`, "1x30"),
      series("kube_node_labels", `node="cn-beijing.10.20.1.6", label_llmfleet_io_gpu="L20", label_llmfleet_io_pool="l20x4"`, "1x30"),
      series("DCGM_FI_DEV_GPU_UTIL", `Hostname="cn-beijing.10.20.1.6", gpu="0", UUID="GPU-0"`, "80x30"),
    ],
    evalMinutes: 20,
    firing: [{ node: "cn-beijing.10.20.1.5" }],
  },
  {
    alert: "GpuExporterMissing",
    behaviour: "stays quiet when every GPU node exports metrics, and for nodes without GPUs",
    series: [
      series("kube_node_labels", `node="cn-beijing.10.20.1.6", label_llmfleet_io_gpu="L20", label_llmfleet_io_pool="l20x4"`, "1x30"),
      series("kube_node_labels", `node="cn-beijing.10.20.0.2"`, "1x30"),
      series("DCGM_FI_DEV_GPU_UTIL", `Hostname="cn-beijing.10.20.1.6", gpu="0", UUID="GPU-0"`, "80x30"),
    ],
    evalMinutes: 20,
    firing: [],
  },
];
