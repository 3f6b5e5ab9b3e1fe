import type { ServingMetrics } from "../servingMetrics.js";
import type { DashboardSpec, PanelSpec } from "./grafana.js";
import { API_HANDLERS, engineDashboardIdentity, engineSeries, percentiles, perSecond } from "./selectors.js";
import { servingVariables } from "./variables.js";

/** Every serving panel is per deployment and version, so a canary shows next to the version it replaces. */
const BY = "deployment, version";
const LEGEND = "{{deployment}} {{version}}";

function optionalPanels(metrics: ServingMetrics, series: string): PanelSpec[] {
  const panels: PanelSpec[] = [];
  if (metrics.prefixCache !== undefined) {
    panels.push({
      title: "Prefix-cache hit rate",
      unit: "percentunit",
      queries: [{ expr: `${perSecond(metrics.prefixCache.hits, series, BY)} / ${perSecond(metrics.prefixCache.queries, series, BY)}`, legend: LEGEND }],
    });
  }
  if (metrics.speculativeDecoding !== undefined) {
    panels.push({
      title: "Speculative-decoding acceptance rate",
      unit: "percentunit",
      queries: [
        { expr: `${perSecond(metrics.speculativeDecoding.acceptedTokens, series, BY)} / ${perSecond(metrics.speculativeDecoding.draftTokens, series, BY)}`, legend: LEGEND },
      ],
    });
  }
  return panels;
}

/**
 * Serving, per deployment and version: traffic and errors, healthy replicas, latency percentiles
 * (first token, inter-token, end to end, queue), prefill against decode time, prompt and
 * generation lengths, throughput, queue depth, KV cache, prefix cache and speculative decoding.
 */
export function servingDashboard(metrics: ServingMetrics): DashboardSpec {
  const series = engineSeries(metrics);
  const api = `${series}, ${API_HANDLERS}`;
  const http = metrics.httpRequests;
  return {
    ...engineDashboardIdentity("llmfleet-serving", "llmfleet / Serving", metrics),
    variables: servingVariables(metrics),
    panels: [
      ...(http === undefined
        ? []
        : [
            { title: "Requests per second", unit: "reqps", queries: [{ expr: perSecond(http, api, BY), legend: LEGEND }] },
            {
              title: "Error rate (5xx share of API requests)",
              unit: "percentunit",
              queries: [{ expr: `${perSecond(http, `${api}, status="5xx"`, BY)} / ${perSecond(http, api, BY)}`, legend: LEGEND }],
            },
          ]),
      { title: "Healthy replicas (scraped and up)", unit: "short", queries: [{ expr: `count by (${BY}) (up{${series}} == 1)`, legend: LEGEND }] },
      { title: "Time to first token", unit: "s", queries: percentiles(metrics.timeToFirstToken, series, BY, LEGEND) },
      { title: "Inter-token latency", unit: "s", queries: percentiles(metrics.interTokenLatency, series, BY, LEGEND) },
      { title: "End-to-end request latency", unit: "s", queries: percentiles(metrics.e2eLatency, series, BY, LEGEND) },
      ...(metrics.queueTime === undefined ? [] : [{ title: "Queue time", unit: "s", queries: percentiles(metrics.queueTime, series, BY, LEGEND) }]),
      ...(metrics.prefillTime === undefined || metrics.decodeTime === undefined
        ? []
        : [
            {
              title: "Prefill vs decode time (p50, p95)",
              unit: "s",
              queries: [
                ...percentiles(metrics.prefillTime, series, BY, `prefill ${LEGEND}`, [0.5, 0.95]),
                ...percentiles(metrics.decodeTime, series, BY, `decode ${LEGEND}`, [0.5, 0.95]),
              ],
            },
          ]),
      ...(metrics.requestPromptTokens === undefined ? [] : [{ title: "Prompt length (tokens)", unit: "short", queries: percentiles(metrics.requestPromptTokens, series, BY, LEGEND) }]),
      ...(metrics.requestGenerationTokens === undefined
        ? []
        : [{ title: "Generation length (tokens)", unit: "short", queries: percentiles(metrics.requestGenerationTokens, series, BY, LEGEND) }]),
      {
        title: "Token throughput",
        unit: "tokens/s",
        queries: [
          { expr: perSecond(metrics.promptTokens, series, BY), legend: `prompt ${LEGEND}` },
          { expr: perSecond(metrics.generationTokens, series, BY), legend: `generation ${LEGEND}` },
        ],
      },
      {
        title: "Requests running and waiting",
        unit: "short",
        queries: [
          { expr: `sum by (${BY}) (${metrics.running}{${series}})`, legend: `running ${LEGEND}` },
          { expr: `sum by (${BY}) (${metrics.waiting}{${series}})`, legend: `waiting ${LEGEND}` },
        ],
      },
      {
        // Averaged, not summed: the sum of per-replica ratios is meaningless.
        title: "KV-cache usage (average across replicas)",
        unit: "percentunit",
        queries: [{ expr: `avg by (${BY}) (${metrics.kvCacheUsage}{${series}})`, legend: LEGEND }],
      },
      ...optionalPanels(metrics, series),
      ...(metrics.requestSuccess === undefined && metrics.preemptions === undefined
        ? []
        : [
            {
              title: "Finished requests and preemptions",
              unit: "reqps",
              queries: [
                ...(metrics.requestSuccess === undefined ? [] : [{ expr: perSecond(metrics.requestSuccess, series, `${BY}, finished_reason`), legend: `{{finished_reason}} ${LEGEND}` }]),
                ...(metrics.preemptions === undefined ? [] : [{ expr: perSecond(metrics.preemptions, series, BY), legend: `preempted ${LEGEND}` }]),
              ],
            },
          ]),
    ],
  };
}
