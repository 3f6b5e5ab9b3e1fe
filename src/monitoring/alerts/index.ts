import type { KubernetesObject } from "../../k8s/index.js";
import type { MonitoringSpec } from "../spec.js";
import { VLLM_SERVING_METRICS, type ServingMetrics } from "../servingMetrics.js";
import { gatewayAlerts, readinessAlerts, scrapeAlerts } from "./availability.js";
import { gpuAlerts } from "./gpu.js";
import { alertRule, type AlertDefinition, type AlertRule } from "./rule.js";
import { servingAlerts } from "./serving.js";

export { APPLICATION_XIDS, HARDWARE_XIDS } from "./gpu.js";
export { alertRule, type AlertDefinition, type AlertRule } from "./rule.js";
export { engineSelector, guardedMetrics, LATENCY_OBJECTIVE_QUANTILE } from "./serving.js";

/** The rule groups llmfleet ships, by what they watch. */
function ruleGroups(spec: MonitoringSpec, metrics: ServingMetrics): { readonly name: string; readonly rules: readonly AlertDefinition[] }[] {
  return [
    { name: "llmfleet.serving", rules: servingAlerts(spec, metrics) },
    { name: "llmfleet.availability", rules: [...readinessAlerts(spec), ...scrapeAlerts(metrics), ...gatewayAlerts(spec)] },
    { name: "llmfleet.gpu", rules: gpuAlerts() },
  ];
}

/**
 * Every alerting rule, thresholds from the validated spec and engine metric names from `metrics`
 * (vLLM's by default).
 */
export function alertRules(spec: MonitoringSpec, metrics: ServingMetrics = VLLM_SERVING_METRICS): AlertRule[] {
  return ruleGroups(spec, metrics).flatMap((group) => group.rules.map((rule) => alertRule(rule, spec.runbookBaseUrl)));
}

/** The rules as one PrometheusRule object (name kept from the first release, so its URN stays). */
export function prometheusRule(spec: MonitoringSpec, metrics: ServingMetrics = VLLM_SERVING_METRICS): KubernetesObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: "llmfleet-alerts",
      namespace: spec.namespace,
      labels: { "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/component": "monitoring" },
    },
    spec: {
      groups: ruleGroups(spec, metrics)
        .filter((group) => group.rules.length > 0)
        .map((group) => ({ name: group.name, rules: group.rules.map((rule) => alertRule(rule, spec.runbookBaseUrl)) })),
    },
  };
}
