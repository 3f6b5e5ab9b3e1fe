import { stringify } from "yaml";
import type { PickerEngine } from "./spec.js";

/**
 * The endpoint picker's configuration (`EndpointPickerConfig`, `inference.networking.x-k8s.io/v1alpha1`),
 * passed as `--config-text`. Its scorers and weights are upstream's defaults at v1.5.0
 * (pkg/epp/config/loader/defaults.go `loadDefaultConfig`, and the chart's default-plugins.yaml in
 * config/charts/epplib/templates/_config.yaml), written out so that what the picker does is in the
 * stack's manifests and a test, not implied by an image default:
 *
 * - `prefix-cache-scorer`, weight 3: the share of the request's prompt blocks a pod has already
 *   seen (pkg/epp/framework/plugins/scheduling/scorer/prefix: matched blocks / total blocks), from the
 *   picker's approximate index of what it routed where. Highest, because a prefix hit saves the
 *   whole prefill of that prefix, which is what shared system prompts and chat history cost.
 * - `kv-cache-utilization-scorer`, weight 2: 1 − the pod's KV-cache use (`vllm:kv_cache_usage_perc`).
 * - `queue-scorer`, weight 2: fewer waiting requests score higher (`vllm:num_requests_waiting`).
 *
 * The weighted sum picks the pod (`max-score-picker`, added by the loader's system defaults).
 * `metrics-data-source` reads each pod's metrics over plain HTTP (`/metrics` on the pool's target port,
 * or pilot-agent's merged `/stats/prometheus` for injected pods, src/inferencePool/picker.ts) and
 * `core-metrics-extractor` maps the engine's metric names; for SGLang its `defaultEngine` is set,
 * as the chart does for a non-vLLM `modelServerType`.
 */
export const SCORER_WEIGHTS = { "prefix-cache-scorer": 3, "kv-cache-utilization-scorer": 2, "queue-scorer": 2 } as const;

export function endpointPickerConfig(engine: PickerEngine, metricsPath = "/metrics"): Record<string, unknown> {
  return {
    apiVersion: "inference.networking.x-k8s.io/v1alpha1",
    kind: "EndpointPickerConfig",
    plugins: [
      ...Object.keys(SCORER_WEIGHTS).map((type) => ({ type })),
      { type: "metrics-data-source", parameters: { scheme: "http", path: metricsPath, insecureSkipVerify: false } },
      { type: "core-metrics-extractor", ...(engine === "vllm" ? {} : { parameters: { defaultEngine: engine } }) },
    ],
    schedulingProfiles: [{ name: "default", plugins: Object.entries(SCORER_WEIGHTS).map(([pluginRef, weight]) => ({ pluginRef, weight })) }],
  };
}

export function endpointPickerConfigText(engine: PickerEngine, metricsPath = "/metrics"): string {
  return stringify(endpointPickerConfig(engine, metricsPath));
}

/**
 * The picker's legacy metric flags for SGLang (config/charts/epplib/templates/_deployment.yaml at
 * v1.5.0, `modelServerType: sglang`); vLLM's names are the flags' defaults (pkg/epp/server/options.go).
 */
export function engineMetricFlags(engine: PickerEngine): string[] {
  if (engine === "vllm") return [];
  return [
    "--total-queued-requests-metric",
    "sglang:num_queue_reqs",
    "--total-running-requests-metric",
    "sglang:num_running_reqs",
    "--kv-cache-usage-percentage-metric",
    "sglang:token_usage",
    "--cache-info-metric",
    "sglang:cache_config_info",
  ];
}
