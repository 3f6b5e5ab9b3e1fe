/**
 * Alerts reach a person: kube-prometheus-stack's default Alertmanager route ends in the receiver
 * `null` (chart values.yaml, `alertmanager.config`), so a stack that installs it and names no
 * receiver evaluates every alert and tells no one. The rule reads the configuration the chart
 * renders (the `alertmanager-*` Secret, under a real engine) or, offline, the chart's values.
 */
import { parse } from "yaml";
import { notifyingReceivers, routedReceivers } from "../alertRouting.js";
import { isChartRendered } from "../chartObjects.js";
import { helmChartOf } from "../helmCharts.js";
import { isKind, kubernetesObjectsOf } from "../kubernetes.js";
import { violation, type PolicyResource, type StackRule, type Violation } from "../types.js";
import { at, objectAt, stringAt } from "../values.js";

interface AlertmanagerSource {
  readonly resource: PolicyResource;
  readonly ref: string;
  /** The parsed configuration; undefined when Alertmanager runs the chart's default. */
  readonly config: unknown;
  /** The chart installs no Alertmanager at all. */
  readonly disabled?: boolean;
}

/** A sample alert of each severity, as llmfleet's rules label them. */
const SAMPLE = { alertname: "InferenceEngineStuck", namespace: "llm-serving", source: "llmfleet" };

function decoded(value: string, base64: boolean): unknown {
  try {
    return parse(base64 ? Buffer.from(value, "base64").toString("utf8") : value) as unknown;
  } catch {
    return undefined;
  }
}

/** Alertmanager configuration Secrets rendered by a chart (`alertmanager-<name>`, key `alertmanager.yaml`). */
function renderedConfigs(resources: readonly PolicyResource[]): AlertmanagerSource[] {
  return kubernetesObjectsOf(resources).flatMap(({ resource, object }): AlertmanagerSource[] => {
    if (!isChartRendered(resource) || !isKind(object, "", "Secret") || !object.name.startsWith("alertmanager-")) return [];
    const data = stringAt(object.body, "data", "alertmanager.yaml");
    const stringData = stringAt(object.body, "stringData", "alertmanager.yaml");
    if (data === undefined && stringData === undefined) return [];
    return [{ resource, ref: object.ref, config: data !== undefined ? decoded(data, true) : decoded(stringData ?? "", false) }];
  });
}

/** kube-prometheus-stack charts with Alertmanager on and its configuration in the values (the offline preview's view). */
function chartValueConfigs(resources: readonly PolicyResource[]): AlertmanagerSource[] {
  return resources.flatMap((resource): AlertmanagerSource[] => {
    const chart = helmChartOf(resource);
    if (chart?.chart !== "kube-prometheus-stack") return [];
    const alertmanager = objectAt(chart.values, "alertmanager") ?? {};
    // A configuration kept in a Secret of the user's own is not ours to judge.
    if (at(alertmanager, "alertmanagerSpec", "useExistingSecret") === true) return [];
    return [{ resource, ref: chart.ref, config: at(alertmanager, "config"), disabled: at(alertmanager, "enabled") === false }];
  });
}

function delivered(config: unknown, severity: string): string[] {
  const notifying = notifyingReceivers(config);
  return routedReceivers(config, { ...SAMPLE, severity }).filter((receiver) => notifying.has(receiver));
}

const FIX = "add monitoring.alerting.receivers to the stack file (webhook, email, slack, pagerduty, dingtalk or wecom) with the severities each should get, each credential in a secret Pulumi config key";

export const alertsRouted: StackRule = {
  name: "alerts-routed",
  description: "Alertmanager sends critical alerts to a receiver that notifies someone (webhook, e-mail, Slack, PagerDuty, DingTalk, WeCom), not only to the chart's null receiver.",
  defaultEnforcement: "advisory",
  scope: "stack",
  chartObjects: "checked",
  check(resources) {
    const rendered = renderedConfigs(resources);
    const sources = rendered.length > 0 ? rendered : chartValueConfigs(resources);
    return sources.flatMap((source): Violation[] => {
      if (source.disabled === true) {
        return [violation(this.name, source.resource, {
          what: `${source.ref}: alerts go nowhere (alertmanager.enabled: false)`,
          why: "Prometheus evaluates the alert rules but has no Alertmanager to send them to",
          fix: `remove alertmanager.enabled: false, then ${FIX}`,
        })];
      }
      const critical = source.config === undefined ? [] : delivered(source.config, "critical");
      const warning = source.config === undefined ? [] : delivered(source.config, "warning");
      if (critical.length === 0 && warning.length === 0) {
        return [violation(this.name, source.resource, {
          what: `${source.ref}: alerts go nowhere`,
          why: 'Alertmanager routes every alert to receivers that notify no one (the chart\'s default ends in "null"), so a hung engine or a failing GPU pages nobody',
          fix: FIX,
        })];
      }
      if (critical.length === 0) {
        return [violation(this.name, source.resource, {
          what: `${source.ref}: critical alerts page no one (warnings go to ${warning.join(", ")})`,
          why: "no receiver takes severity critical, so an outage is reported only as loudly as a warning, if at all",
          fix: "give a paging receiver (pagerduty, or a webhook into your on-call tool) severities [critical]",
        })];
      }
      return [];
    });
  },
};
