import type { KubernetesObject } from "../k8s/index.js";
import { prometheusRule } from "./alerts.js";
import { dashboardConfigMaps } from "./dashboards/index.js";
import { monitors } from "./monitors.js";
import type { MonitoringSpec } from "./spec.js";

export { armsAlertRules, armsMonitors, type ArmsAlertRule, type ArmsMonitor } from "./arms.js";
export { alertRules, GUARDED_METRICS, prometheusRule, type AlertRule } from "./alerts.js";
export { DASHBOARDS, dashboardConfigMaps, dashboardJson, dashboardQueries, type DashboardSpec } from "./dashboards/index.js";
export { assertCurrentMetrics, DCGM_METRICS, metricNamesIn, REMOVED_VLLM_METRICS, VLLM_METRICS } from "./metrics.js";
export { engineServiceMonitor, gpuServiceMonitor, meshMonitors, monitors } from "./monitors.js";
export { ENGINE_JOB, GPU_JOB, monitoringSpecSchema, type MonitoringSpec, type MonitoringSpecInput } from "./spec.js";
export {
  DCGM_EXPORTER,
  dcgmExporterValues,
  GRAFANA_ADMIN_KEYS,
  KUBE_PROMETHEUS_STACK,
  kubePrometheusStackValues,
  prometheusPrincipal,
} from "./stackValues.js";

/** Every Kubernetes object Monitoring applies: alert rules, monitors and dashboards. */
export function monitoringObjects(spec: MonitoringSpec): KubernetesObject[] {
  return [prometheusRule(spec), ...monitors(spec), ...dashboardConfigMaps(spec.namespace)];
}
