import type { KubernetesObject } from "../../k8s/index.js";
import type { MonitoringSpec } from "../spec.js";
import { VLLM_SERVING_METRICS, type ServingMetrics } from "../servingMetrics.js";
import { gatewayAlerts, readinessAlerts, scrapeAlerts } from "./availability.js";
import { endpointPickerAlerts } from "./endpointPicker.js";
import { gpuAlerts } from "./gpu.js";
import { alertRule, type AlertDefinition, type AlertRule } from "./rule.js";
import { servingAlerts } from "./serving.js";

export { APPLICATION_XIDS, HARDWARE_XIDS } from "./gpu.js";
export { alertRule, type AlertDefinition, type AlertRule } from "./rule.js";
export { SLOW_SCHEDULING_SECONDS } from "./endpointPicker.js";
export { engineSelector, guardedMetrics, LATENCY_OBJECTIVE_QUANTILE } from "./serving.js";

/** A rule group per engine the fleet serves with (vLLM's keeps the first release's name). */
function servingGroupName(metrics: ServingMetrics): string {
  return metrics.engine === "vllm" ? "llmfleet.serving" : `llmfleet.serving.${metrics.engine}`;
}

/** The rule groups llmfleet ships, by what they watch: serving alerts for each engine's metrics. */
function ruleGroups(spec: MonitoringSpec, engines: readonly ServingMetrics[]): { readonly name: string; readonly rules: readonly AlertDefinition[] }[] {
  return [
    ...engines.map((metrics) => ({ name: servingGroupName(metrics), rules: servingAlerts(spec, metrics) })),
    { name: "llmfleet.availability", rules: [...readinessAlerts(spec), ...engines.flatMap(scrapeAlerts), ...gatewayAlerts(spec)] },
    { name: "llmfleet.gpu", rules: gpuAlerts() },
    // Empty, and so left out of the PrometheusRule, without inference-pool routes.
    { name: "llmfleet.routing", rules: endpointPickerAlerts(spec) },
  ];
}

/**
 * Every alerting rule, thresholds from the validated spec and engine metric names from `metrics`
 * (vLLM's by default).
 */
export function alertRules(spec: MonitoringSpec, metrics: ServingMetrics = VLLM_SERVING_METRICS): AlertRule[] {
  return ruleGroups(spec, [metrics]).flatMap((group) => group.rules.map((rule) => alertRule(rule, spec.runbookBaseUrl)));
}

/**
 * The rules as one PrometheusRule object (name kept from the first release, so its URN stays), with
 * serving alerts for each engine in `engines`.
 */
export function prometheusRule(spec: MonitoringSpec, engines: readonly ServingMetrics[] = [VLLM_SERVING_METRICS]): KubernetesObject {
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: {
      name: "llmfleet-alerts",
      namespace: spec.namespace,
      labels: { "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/component": "monitoring" },
    },
    spec: {
      groups: ruleGroups(spec, engines)
        .filter((group) => group.rules.length > 0)
        .map((group) => ({ name: group.name, rules: group.rules.map((rule) => alertRule(rule, spec.runbookBaseUrl)) })),
    },
  };
}
