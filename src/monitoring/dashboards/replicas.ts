import type { ServingMetrics } from "../servingMetrics.js";
import type { DashboardSpec } from "./grafana.js";
import { API_HANDLERS, engineSeries, percentiles, perSecond, engineDashboardIdentity } from "./selectors.js";
import { servingVariables } from "./variables.js";

/** Per replica (pod): the panels that tell one bad replica from a bad version. */
const BY = "deployment, version, pod";
const LEGEND = "{{pod}} ({{deployment}} {{version}})";

/** Replicas: scrape health, load, KV cache, first-token latency, errors and token rate of every engine pod. */
export function replicasDashboard(metrics: ServingMetrics): DashboardSpec {
  const series = engineSeries(metrics);
  const api = `${series}, ${API_HANDLERS}`;
  return {
    ...engineDashboardIdentity("llmfleet-replicas", "llmfleet / Replicas", metrics),
    variables: servingVariables(metrics),
    panels: [
      { title: "Scrape up per replica", unit: "short", queries: [{ expr: `max by (${BY}) (up{${series}})`, legend: LEGEND }] },
      {
        title: "Requests running and waiting per replica",
        unit: "short",
        queries: [
          { expr: `sum by (${BY}) (${metrics.running}{${series}})`, legend: `running ${LEGEND}` },
          { expr: `sum by (${BY}) (${metrics.waiting}{${series}})`, legend: `waiting ${LEGEND}` },
        ],
      },
      { title: "KV-cache usage per replica", unit: "percentunit", queries: [{ expr: `max by (${BY}) (${metrics.kvCacheUsage}{${series}})`, legend: LEGEND }] },
      { title: "Time to first token p95 per replica", unit: "s", queries: percentiles(metrics.timeToFirstToken, series, BY, LEGEND, [0.95]) },
      { title: "Generated tokens per second per replica", unit: "tokens/s", queries: [{ expr: perSecond(metrics.generationTokens, series, BY), legend: LEGEND }] },
      ...(metrics.httpRequests === undefined
        ? []
        : [
            {
              title: "Error rate per replica (5xx share)",
              unit: "percentunit",
              queries: [{ expr: `${perSecond(metrics.httpRequests, `${api}, status="5xx"`, BY)} / ${perSecond(metrics.httpRequests, api, BY)}`, legend: LEGEND }],
            },
          ]),
    ],
  };
}
