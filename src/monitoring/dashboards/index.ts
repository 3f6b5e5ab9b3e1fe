import type { KubernetesObject } from "../../k8s/index.js";
import { fleetDashboard } from "./fleet.js";
import { gpuDashboard } from "./gpu.js";
import { dashboardConfigMap, type DashboardSpec } from "./grafana.js";
import { servingDashboard } from "./serving.js";

export { dashboardJson, dashboardQueries, type DashboardSpec, type PanelSpec } from "./grafana.js";

export const DASHBOARDS: readonly DashboardSpec[] = [servingDashboard, gpuDashboard, fleetDashboard];

/** The serving, GPU and fleet dashboards as ConfigMaps for the Grafana sidecar. */
export function dashboardConfigMaps(namespace: string): KubernetesObject[] {
  return DASHBOARDS.map((dashboard) => dashboardConfigMap(dashboard, namespace));
}
