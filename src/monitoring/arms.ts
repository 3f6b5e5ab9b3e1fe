import { stringify } from "yaml";
import { alertRules, type AlertRule } from "./alerts/index.js";
import { monitors } from "./monitors.js";
import type { MonitoringSpec } from "./spec.js";

/**
 * The same monitors and alerts for ARMS managed Prometheus, which takes ServiceMonitor/PodMonitor
 * YAML and alert rules through its API instead of the prometheus-operator CRDs.
 */

export interface ArmsMonitor {
  readonly name: string;
  readonly type: "serviceMonitor" | "podMonitor";
  readonly configYaml: string;
}

export interface ArmsAlertRule {
  readonly name: string;
  readonly expression: string;
  /** How long the condition must hold, in minutes (ARMS's unit). */
  readonly durationMinutes: string;
  readonly message: string;
  readonly labels: readonly { readonly name: string; readonly value: string }[];
  readonly annotations: readonly { readonly name: string; readonly value: string }[];
}

export function armsMonitors(spec: MonitoringSpec): ArmsMonitor[] {
  return monitors(spec).map((monitor) => ({
    name: monitor.metadata.name,
    type: monitor.kind === "PodMonitor" ? "podMonitor" : "serviceMonitor",
    configYaml: stringify(monitor),
  }));
}

function pairs(record: Readonly<Record<string, string>>): { name: string; value: string }[] {
  return Object.entries(record).map(([name, value]) => ({ name, value }));
}

/** Labels that tell apart rules sharing an alert name: the guarded metric, the watched deployment. */
const DISTINGUISHING_LABELS = ["metric", "deployment"] as const;

/** ARMS names rules, and needs them unique: the alert name plus what tells its rules apart. */
function armsRuleName(rule: AlertRule): string {
  const parts = DISTINGUISHING_LABELS.flatMap((label) => (rule.labels[label] === undefined ? [] : [rule.labels[label].replace(/[^A-Za-z0-9]+/g, "-")]));
  return [rule.alert, ...parts].join("-");
}

export function armsAlertRules(spec: MonitoringSpec): ArmsAlertRule[] {
  return alertRules(spec).map((rule) => ({
    name: armsRuleName(rule),
    expression: rule.expr,
    durationMinutes: String(Number.parseInt(rule.for, 10)),
    message: rule.annotations["summary"] ?? rule.alert,
    labels: pairs({ ...rule.labels, alertname: rule.alert }),
    annotations: pairs(rule.annotations),
  }));
}
