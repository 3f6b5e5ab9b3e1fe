import { engineMetricsList } from "../engines/index.js";
import { LlmfleetError } from "../errors/index.js";
import { KNOWN_ENDPOINT_PICKER_METRICS } from "./endpointPickerMetrics.js";

/**
 * The metric names dashboards and alerts may use: each engine's own (its folder in src/engines names
 * them) and the DCGM exporter's. Engines rename metrics between releases and a renamed metric
 * silently empties every panel and alert that reads it, so every expression llmfleet emits is
 * checked against this catalogue, and the removed names are refused outright.
 */

export { VLLM_METRICS, REMOVED_VLLM_METRICS } from "../engines/vllm/metrics.js";

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
const ENGINE_METRICS = engineMetricsList();
// The endpoint picker's names are checked like an engine's (src/monitoring/endpointPickerMetrics.ts).
const CURRENT_ENGINE = new Set<string>([...ENGINE_METRICS.flatMap((metrics) => metrics.known), ...KNOWN_ENDPOINT_PICKER_METRICS]);
const REMOVED_ENGINE = ENGINE_METRICS.flatMap((metrics) => metrics.removed);
/** Engine metrics are namespaced `<engine>:` (vllm:, sglang:). */
const ENGINE_PREFIXES = [...new Set(ENGINE_METRICS.flatMap((metrics) => metrics.known).map((name) => name.slice(0, name.indexOf(":") + 1)))];
/** The endpoint picker's subsystems (`inference_objective_`, `inference_pool_`, `inference_extension_`). */
const ENDPOINT_PICKER_NAME = "\\binference_(?:objective|pool|extension)_[a-z0-9_]+";
const METRIC_NAME = new RegExp(`\\b(?:${ENGINE_PREFIXES.map((prefix) => prefix.replace(":", "")).join("|")}):[A-Za-z0-9_:]+|\\bDCGM_(?:FI|EXP)_[A-Z0-9_]+|${ENDPOINT_PICKER_NAME}`, "g");

/** The engine and DCGM metric names an expression reads. */
export function metricNamesIn(expression: string): string[] {
  return [...new Set(expression.match(METRIC_NAME) ?? [])];
}

function baseName(name: string): string {
  const suffix = HISTOGRAM_SUFFIXES.find((candidate) => name.endsWith(candidate) && CURRENT_ENGINE.has(name.slice(0, -candidate.length)));
  return suffix === undefined ? name : name.slice(0, -suffix.length);
}

/**
 * Throws when `expression` reads a removed or unknown engine metric, or an unknown DCGM field.
 * `field` names the expression in the error (e.g. `alerts.InferenceKvCacheNearlyFull.expr`).
 */
export function assertCurrentMetrics(expression: string, field: string): string {
  const dcgm = new Set<string>(Object.values(DCGM_METRICS));
  for (const name of metricNamesIn(expression)) {
    const bare = HISTOGRAM_SUFFIXES.reduce((current, suffix) => (current.endsWith(suffix) ? current.slice(0, -suffix.length) : current), name);
    const removed = REMOVED_ENGINE.find((entry) => (entry.name.endsWith("_") ? name.startsWith(entry.name) : name === entry.name || bare === entry.name));
    if (removed !== undefined) {
      throw new LlmfleetError(field, name, "the engine removed this metric, so the query would return nothing", `use ${removed.replacement}`);
    }
    const known = name.startsWith("DCGM_") ? dcgm.has(name) : CURRENT_ENGINE.has(baseName(name));
    if (!known) {
      throw new LlmfleetError(field, name, "not a metric llmfleet knows (each engine's metrics are listed in its folder under src/engines, the endpoint picker's in src/monitoring/endpointPickerMetrics.ts)", "use a current engine or DCGM metric name, or add it to the engine's metrics");
    }
  }
  return expression;
}
