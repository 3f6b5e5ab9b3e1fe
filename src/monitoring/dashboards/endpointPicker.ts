import { ENDPOINT_PICKER_JOB, ENDPOINT_PICKER_METRICS, PREFIX_INDEXER_HIT_RATIO, SCHEDULER_DURATION, SCHEDULER_FAILURE } from "../endpointPickerMetrics.js";
import { ENGINE_JOB, ENGINE_LABEL } from "../spec.js";
import type { ServingMetrics } from "../servingMetrics.js";
import type { DashboardSpec, PanelSpec } from "./grafana.js";
import { percentiles, perSecond, RATE } from "./selectors.js";

/**
 * Inference routing: the endpoint picker of each InferencePool (requests, scheduling latency and
 * failures, the picker's own view of the pool, its ready replicas) next to the prefix-cache hit
 * rate of the engines behind it, which is what prefix-aware picking is for. A pool is named after
 * the deployment it selects, so `$pool` also picks the engines' `deployment`.
 */

const BY = "namespace, pool";
const LEGEND = "{{namespace}}/{{pool}}";
const PICKERS = `job="${ENDPOINT_PICKER_JOB}", namespace=~"$namespace", pool=~"$pool"`;

function prefixCachePanels(engines: readonly ServingMetrics[]): PanelSpec[] {
  const queries = engines.flatMap((metrics) => {
    if (metrics.prefixCache === undefined) return [];
    const series = `job="${ENGINE_JOB}", ${ENGINE_LABEL}="${metrics.engine}", namespace=~"$namespace", deployment=~"$pool"`;
    const by = "namespace, deployment";
    return [{ expr: `${perSecond(metrics.prefixCache.hits, series, by)} / ${perSecond(metrics.prefixCache.queries, series, by)}`, legend: `{{namespace}}/{{deployment}} (${metrics.engine})` }];
  });
  return queries.length === 0 ? [] : [{ title: "Prefix-cache hit rate of the engines behind the pool", unit: "percentunit", queries }];
}

/** The routing dashboard, with the prefix-cache panel for each engine in `engines` that reports its prefix cache. */
export function endpointPickerDashboard(engines: readonly ServingMetrics[]): DashboardSpec {
  const metrics = ENDPOINT_PICKER_METRICS;
  return {
    uid: "llmfleet-routing",
    title: "llmfleet / Inference routing",
    variables: [
      { name: "namespace", metric: `up{job="${ENDPOINT_PICKER_JOB}"}`, label: "namespace" },
      { name: "pool", metric: `up{job="${ENDPOINT_PICKER_JOB}", namespace=~"$namespace"}`, label: "pool" },
    ],
    panels: [
      { title: "Requests per second per pool", unit: "reqps", queries: [{ expr: perSecond(metrics.requests, PICKERS, BY), legend: LEGEND }] },
      { title: "Scheduling latency (p50, p99)", unit: "s", queries: percentiles(SCHEDULER_DURATION, PICKERS, BY, LEGEND, [0.5, 0.99]) },
      {
        title: "Scheduling failures per second",
        unit: "reqps",
        queries: [{ expr: perSecond(metrics.schedulerAttempts, `${PICKERS}, status="${SCHEDULER_FAILURE}"`, BY), legend: LEGEND }],
      },
      ...prefixCachePanels(engines),
      {
        // The picker's approximate index: the share of each prompt's prefix it last saw on the endpoint it chose.
        title: "Prefix matched in the picker's index (average share of the prompt)",
        unit: "percentunit",
        queries: [
          {
            expr: `sum by (${BY}) (rate(${PREFIX_INDEXER_HIT_RATIO.name}_sum{${PICKERS}}[${RATE}])) / sum by (${BY}) (rate(${PREFIX_INDEXER_HIT_RATIO.name}_count{${PICKERS}}[${RATE}]))`,
            legend: LEGEND,
          },
        ],
      },
      { title: "Endpoints the picker sees ready", unit: "short", queries: [{ expr: `max by (${BY}) (${metrics.poolReadyPods}{${PICKERS}})`, legend: LEGEND }] },
      { title: "Pool KV-cache utilisation (picker's view)", unit: "percentunit", queries: [{ expr: `max by (${BY}) (${metrics.poolAverageKvCacheUtilization}{${PICKERS}})`, legend: LEGEND }] },
      { title: "Pool queue size (picker's view)", unit: "short", queries: [{ expr: `max by (${BY}) (${metrics.poolAverageQueueSize}{${PICKERS}})`, legend: LEGEND }] },
      {
        title: "Endpoint picker replicas ready",
        unit: "short",
        queries: [
          { expr: `sum by (namespace, deployment) (kube_deployment_status_replicas_ready{namespace=~"$namespace", deployment=~"($pool)-epp"})`, legend: "{{namespace}}/{{deployment}} ready" },
          { expr: `sum by (namespace, deployment) (kube_deployment_spec_replicas{namespace=~"$namespace", deployment=~"($pool)-epp"})`, legend: "{{namespace}}/{{deployment}} desired" },
        ],
      },
    ],
  };
}
