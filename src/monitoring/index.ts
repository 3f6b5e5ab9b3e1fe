import type { KubernetesObject } from "../k8s/index.js";
import { prometheusRule } from "./alerts/index.js";
import { dashboardConfigMap } from "./dashboards/grafana.js";
import { fleetDashboards } from "./dashboards/index.js";
import { endpointPickerDashboard } from "./dashboards/endpointPicker.js";
import { monitors } from "./monitors.js";
import { engineDefinition } from "../engines/index.js";
import type { ServingMetrics } from "./servingMetrics.js";
import type { MonitoringSpec } from "./spec.js";

export { armsAlertRules, armsMonitors, type ArmsAlertRule, type ArmsMonitor } from "./arms.js";
export { alertRules, APPLICATION_XIDS, SLOW_SCHEDULING_SECONDS, engineSelector, guardedMetrics, HARDWARE_XIDS, LATENCY_OBJECTIVE_QUANTILE, prometheusRule, type AlertRule } from "./alerts/index.js";
export { alertmanagerConfig, ALERTMANAGER_SECRETS_DIR, RECEIVER_SECRET_NAME, receiverSecretFile } from "./alertmanagerConfig.js";
export { DASHBOARDS, dashboardConfigMaps, dashboardJson, dashboardQueries, dashboards, type DashboardSpec } from "./dashboards/index.js";
export { dcgmCountersCsv } from "./dcgmCounters.js";
export { assertCurrentMetrics, DCGM_METRICS, metricNamesIn, REMOVED_VLLM_METRICS, VLLM_METRICS } from "./metrics.js";
export { endpointPickerPodMonitor, engineServiceMonitor, gpuServiceMonitor, meshMonitors, monitors } from "./monitors.js";
export { endpointPickerDashboard } from "./dashboards/endpointPicker.js";
export {
  ENDPOINT_PICKER_JOB,
  ENDPOINT_PICKER_METRICS,
  ENDPOINT_PICKER_POD_LABELS,
  ENDPOINT_PICKER_POOL_LABEL,
  endpointPickerDeploymentName,
  PREFIX_INDEXER_HIT_RATIO,
  SCHEDULER_DURATION,
} from "./endpointPickerMetrics.js";
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
export { ENGINE_JOB, ENGINE_LABEL, GPU_JOB, monitoringSpecSchema, type MonitoringSpec, type MonitoringSpecInput, type WatchedDeployment, type WatchedEndpointPicker } from "./spec.js";
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

/**
 * Every Kubernetes object Monitoring applies: alert rules, monitors, the dashboards of each engine
 * served, and the routing dashboard when there are endpoint pickers.
 */
export function monitoringObjects(spec: MonitoringSpec): KubernetesObject[] {
  const engines = watchedEngineMetrics(spec);
  const routing = spec.endpointPickers.length === 0 ? [] : [endpointPickerDashboard(engines)];
  return [prometheusRule(spec, engines), ...monitors(spec), ...[...fleetDashboards(engines), ...routing].map((dashboard) => dashboardConfigMap(dashboard, spec.namespace))];
}
