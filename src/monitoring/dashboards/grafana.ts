import type { KubernetesObject } from "../../k8s/index.js";
import { assertCurrentMetrics } from "../metrics.js";

/** One PromQL query of a panel. Grafana variables (`$model_name`, `$__rate_interval`) are left in. */
export interface PanelQuery {
  readonly expr: string;
  readonly legend: string;
}

export interface PanelSpec {
  readonly title: string;
  readonly unit: string;
  readonly queries: readonly PanelQuery[];
}

/** A template variable: `label_values(<metric>, <label>)`; `metric` may carry a selector naming earlier variables. */
export interface DashboardVariable {
  readonly name: string;
  readonly metric: string;
  readonly label: string;
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly variables: readonly DashboardVariable[];
  readonly panels: readonly PanelSpec[];
}

const PANEL_WIDTH = 12;
const PANEL_HEIGHT = 8;

/** Grafana dashboard JSON model: time series panels two to a row, on the default Prometheus datasource. */
export function dashboardJson(dashboard: DashboardSpec): Record<string, unknown> {
  const datasource = { type: "prometheus", uid: "${datasource}" };
  return {
    uid: dashboard.uid,
    title: dashboard.title,
    tags: ["llmfleet"],
    schemaVersion: 39,
    editable: false,
    time: { from: "now-3h", to: "now" },
    refresh: "30s",
    templating: {
      list: [
        { name: "datasource", type: "datasource", query: "prometheus", hide: 0 },
        ...dashboard.variables.map((variable) => ({
          name: variable.name,
          type: "query",
          datasource,
          query: { query: `label_values(${variable.metric}, ${variable.label})`, refId: variable.name },
          includeAll: true,
          multi: true,
          allValue: ".*",
          refresh: 2,
        })),
      ],
    },
    panels: dashboard.panels.map((panel, index) => ({
      id: index + 1,
      type: "timeseries",
      title: panel.title,
      datasource,
      gridPos: { x: (index % 2) * PANEL_WIDTH, y: Math.floor(index / 2) * PANEL_HEIGHT, w: PANEL_WIDTH, h: PANEL_HEIGHT },
      fieldConfig: { defaults: { unit: panel.unit }, overrides: [] },
      targets: panel.queries.map((query, queryIndex) => ({
        refId: String.fromCharCode(65 + queryIndex),
        datasource,
        expr: assertCurrentMetrics(query.expr, `dashboards.${dashboard.uid}.${panel.title}`),
        legendFormat: query.legend,
      })),
    })),
  };
}

/** Every PromQL expression of a dashboard: panel queries, then each variable's metric selector. */
export function dashboardQueries(dashboard: DashboardSpec): string[] {
  return [...dashboard.panels.flatMap((panel) => panel.queries.map((query) => query.expr)), ...dashboard.variables.map((variable) => variable.metric)];
}

/** The dashboard as a ConfigMap the Grafana sidecar picks up (`grafana_dashboard: "1"`). */
export function dashboardConfigMap(dashboard: DashboardSpec, namespace: string): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: `grafana-dashboard-${dashboard.uid}`,
      namespace,
      labels: { grafana_dashboard: "1", "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/managed-by": "pulumi" },
      annotations: { grafana_folder: "llmfleet" },
    },
    data: { [`${dashboard.uid}.json`]: JSON.stringify(dashboardJson(dashboard), null, 2) },
  };
}
