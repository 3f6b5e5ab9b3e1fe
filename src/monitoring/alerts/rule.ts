import { assertCurrentMetrics } from "../metrics.js";
import type { AlertSeverity } from "../receivers.js";

/** One Prometheus alerting rule, as it appears in a rule group. */
export interface AlertRule {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

export interface AlertDefinition {
  readonly alert: string;
  readonly expr: string;
  /** Minutes the condition must hold. */
  readonly forMinutes: number;
  readonly severity: AlertSeverity;
  /** One line, with `{{ $labels.x }}` templates; what a pager shows. */
  readonly summary: string;
  /** What it means and what to look at first. */
  readonly description: string;
  /** Labels that tell apart rules sharing an alert name (a deployment, a guarded metric). */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A rule with llmfleet's labels and a `runbook_url` to `docs/runbooks/<alert>.md` (or the same
 * file under the configured base). Every expression is checked against the metric catalogue.
 */
export function alertRule(definition: AlertDefinition, runbookBaseUrl: string): AlertRule {
  return {
    alert: definition.alert,
    expr: assertCurrentMetrics(definition.expr, `alerts.${definition.alert}.expr`),
    for: `${definition.forMinutes}m`,
    labels: { severity: definition.severity, source: "llmfleet", ...definition.labels },
    annotations: {
      summary: definition.summary,
      description: definition.description,
      runbook_url: `${runbookBaseUrl.replace(/\/+$/, "")}/${definition.alert}.md`,
    },
  };
}

/** `by (…)` lists: serving alerts are per deployment and version, stuck-engine alerts per replica too. */
export const BY_DEPLOYMENT = "namespace, deployment, version";
export const BY_REPLICA = `${BY_DEPLOYMENT}, pod`;
export const BY_GPU = "Hostname, gpu, UUID";
