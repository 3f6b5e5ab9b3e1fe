import type { KubernetesObject } from "../../k8s/index.js";
import { VLLM_SERVING_METRICS, type ServingMetrics } from "../servingMetrics.js";
import { fleetDashboard } from "./fleet.js";
import { gpuDashboard } from "./gpu.js";
import { dashboardConfigMap, type DashboardSpec } from "./grafana.js";
import { replicasDashboard } from "./replicas.js";
import { servingDashboard } from "./serving.js";

export { dashboardJson, dashboardQueries, type DashboardSpec, type DashboardVariable, type PanelSpec } from "./grafana.js";

/** The serving (per version) and replicas (per pod) dashboards of one engine, panels from its `metrics`. */
export function engineDashboards(metrics: ServingMetrics): DashboardSpec[] {
  return [servingDashboard(metrics), replicasDashboard(metrics)];
}

/** The serving, replicas, GPU and fleet dashboards, engine panels from `metrics`. */
export function dashboards(metrics: ServingMetrics = VLLM_SERVING_METRICS): DashboardSpec[] {
  return [...engineDashboards(metrics), gpuDashboard, fleetDashboard];
}

/** One serving and one replicas dashboard per engine, and the engine-independent GPU and fleet dashboards once. */
export function fleetDashboards(engines: readonly ServingMetrics[]): DashboardSpec[] {
  return [...engines.flatMap(engineDashboards), gpuDashboard, fleetDashboard];
}

/** The dashboards for vLLM, the default engine. */
export const DASHBOARDS: readonly DashboardSpec[] = dashboards();

/** The dashboards as ConfigMaps for the Grafana sidecar. */
export function dashboardConfigMaps(namespace: string, metrics: ServingMetrics = VLLM_SERVING_METRICS): KubernetesObject[] {
  return dashboards(metrics).map((dashboard) => dashboardConfigMap(dashboard, namespace));
}
