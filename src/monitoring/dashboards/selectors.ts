import { ENGINE_JOB, ENGINE_LABEL } from "../spec.js";
import type { HistogramMetric, ServingMetrics } from "../servingMetrics.js";
import type { PanelQuery } from "./grafana.js";

/** Grafana's rate window, substituted by Grafana (and by the tests, which run every query). */
export const RATE = "$__rate_interval";

/** The engine series a dashboard shows: this engine's, narrowed by the namespace, deployment and version variables. */
export function engineSeries(metrics: ServingMetrics): string {
  return `job="${ENGINE_JOB}", ${ENGINE_LABEL}="${metrics.engine}", namespace=~"$namespace", deployment=~"$deployment", version=~"$version"`;
}

/** Percentiles of a histogram (p50, p95 and p99 unless given), aggregated by `by`. */
export function percentiles(histogram: HistogramMetric | string, selector: string, by: string, legend: string, quantiles: readonly number[] = [0.5, 0.95, 0.99]): PanelQuery[] {
  const name = typeof histogram === "string" ? histogram : histogram.name;
  return quantiles.map((quantile) => ({
    expr: `histogram_quantile(${quantile}, sum by (${by}, le) (rate(${name}_bucket{${selector}}[${RATE}])))`,
    legend: `p${Math.round(quantile * 100)} ${legend}`,
  }));
}

/** Per-second rate of a counter, aggregated by `by`. */
export function perSecond(counter: string, selector: string, by: string): string {
  return `sum by (${by}) (rate(${counter}{${selector}}[${RATE}]))`;
}

/** The API requests of the engines (health, metrics and load probes left out). */
export const API_HANDLERS = `handler=~"/v1/.*"`;

/**
 * A per-engine dashboard's uid and title: vLLM, the default engine, keeps the names of the first
 * release (the ConfigMaps, and so the resource URNs, are named after the uid); every other engine
 * gets its own.
 */
export function engineDashboardIdentity(uid: string, title: string, metrics: ServingMetrics): { uid: string; title: string } {
  return metrics.engine === "vllm" ? { uid, title } : { uid: `${uid}-${metrics.engine}`, title: `${title} (${metrics.engine})` };
}
