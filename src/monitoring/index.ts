import type { KubernetesObject } from "../k8s/index.js";
import { prometheusRule } from "./alerts/index.js";
import { dashboardConfigMap } from "./dashboards/grafana.js";
import { fleetDashboards } from "./dashboards/index.js";
import { monitors } from "./monitors.js";
import { engineDefinition } from "../engines/index.js";
import type { ServingMetrics } from "./servingMetrics.js";
import type { MonitoringSpec } from "./spec.js";

export { armsAlertRules, armsMonitors, type ArmsAlertRule, type ArmsMonitor } from "./arms.js";
export { alertRules, APPLICATION_XIDS, engineSelector, guardedMetrics, HARDWARE_XIDS, LATENCY_OBJECTIVE_QUANTILE, prometheusRule, type AlertRule } from "./alerts/index.js";
export { alertmanagerConfig, ALERTMANAGER_SECRETS_DIR, RECEIVER_SECRET_NAME, receiverSecretFile } from "./alertmanagerConfig.js";
export { DASHBOARDS, dashboardConfigMaps, dashboardJson, dashboardQueries, dashboards, type DashboardSpec } from "./dashboards/index.js";
export { dcgmCountersCsv } from "./dcgmCounters.js";
export { assertCurrentMetrics, DCGM_METRICS, metricNamesIn, REMOVED_VLLM_METRICS, VLLM_METRICS } from "./metrics.js";
export { engineServiceMonitor, gpuServiceMonitor, meshMonitors, monitors } from "./monitors.js";
export { readinessBudgetSeconds } from "./readiness.js";
export {
  ALERT_SEVERITIES,
  NULL_RECEIVER,
  receiverSchema,
  receiverSecretProblems,
  receiverSecretPurpose,
  stackAlertingSchema,
  stackReceiverSchema,
  type AlertSeverity,
  type Receiver,
  type ReceiverInput,
  type StackReceiver,
} from "./receivers.js";
export { leLabel, roundUpToBucket, VLLM_SERVING_METRICS, type HistogramMetric, type RoundedThreshold, type ServingMetrics } from "./servingMetrics.js";
export { ENGINE_JOB, ENGINE_LABEL, GPU_JOB, monitoringSpecSchema, type MonitoringSpec, type MonitoringSpecInput, type WatchedDeployment } from "./spec.js";
export {
  DCGM_EXPORTER,
  dcgmExporterValues,
  GRAFANA_ADMIN_KEYS,
  KUBE_PROMETHEUS_STACK,
  kubePrometheusStackValues,
  prometheusPrincipal,
} from "./stackValues.js";

/** The serving metrics of the engines the spec watches; engines that export none llmfleet reads add nothing. */
export function watchedEngineMetrics(spec: MonitoringSpec): ServingMetrics[] {
  return spec.engines.flatMap((engine) => {
    const metrics = engineDefinition(engine).metrics;
    return metrics === null ? [] : [metrics];
  });
}

/** Every Kubernetes object Monitoring applies: alert rules, monitors, and the dashboards of each engine served. */
export function monitoringObjects(spec: MonitoringSpec): KubernetesObject[] {
  const engines = watchedEngineMetrics(spec);
  return [prometheusRule(spec, engines), ...monitors(spec), ...fleetDashboards(engines).map((dashboard) => dashboardConfigMap(dashboard, spec.namespace))];
}
