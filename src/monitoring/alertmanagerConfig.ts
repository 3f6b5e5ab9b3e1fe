import { NULL_RECEIVER, type Receiver } from "./receivers.js";

/**
 * Alertmanager's configuration (kube-prometheus-stack `alertmanager.config`) from the stack's
 * receivers: routed by severity, each receiver reading its credential from a file of the receivers'
 * Secret, which the operator mounts at `/etc/alertmanager/secrets/<secret>/` (Alertmanager CRD,
 * `spec.secrets`). The chart's own routes for `Watchdog` and `InfoInhibitor` stay on `null`, as in
 * its default configuration (kube-prometheus-stack values.yaml, `alertmanager.config`).
 */

/** The Secret holding one key per receiver (key = receiver name), in the monitoring namespace. */
export const RECEIVER_SECRET_NAME = "llmfleet-alertmanager-receivers";
/** Where the operator mounts `alertmanagerSpec.secrets` in the Alertmanager container. */
export const ALERTMANAGER_SECRETS_DIR = "/etc/alertmanager/secrets";

/** The file a receiver reads its secret from. */
export function receiverSecretFile(receiver: Pick<Receiver, "name">): string {
  return `${ALERTMANAGER_SECRETS_DIR}/${RECEIVER_SECRET_NAME}/${receiver.name}`;
}

/** Title and body of chat notifications: what fired, where, and the runbook to open. */
const TITLE = '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }}';
const BODY =
  "{{ range .Alerts }}" +
  "- **{{ .Labels.severity }}** {{ .Annotations.summary }}\n" +
  "  {{ .Annotations.description }}\n" +
  "  {{ if .Labels.deployment }}deployment {{ .Labels.deployment }} {{ .Labels.version }} · {{ end }}runbook {{ .Annotations.runbook_url }}\n" +
  "{{ end }}";

function receiverEntry(receiver: Receiver): Record<string, unknown> {
  const file = receiverSecretFile(receiver);
  const sendResolved = receiver.sendResolved;
  switch (receiver.kind) {
    case "webhook":
      return { webhook_configs: [{ url_file: file, send_resolved: sendResolved }] };
    case "slack":
      return {
        slack_configs: [{ api_url_file: file, send_resolved: sendResolved, ...(receiver.channel === undefined ? {} : { channel: receiver.channel }), title: TITLE, text: BODY }],
      };
    case "pagerduty":
      // PagerDuty accepts critical, error, warning and info: llmfleet's severities map one to one.
      return { pagerduty_configs: [{ routing_key_file: file, send_resolved: sendResolved, severity: "{{ .CommonLabels.severity }}" }] };
    case "dingtalk":
      // DingTalk robots take their own JSON, written with Alertmanager's payload templating (v0.32+).
      return { webhook_configs: [{ url_file: file, send_resolved: sendResolved, payload: { msgtype: "markdown", markdown: { title: TITLE, text: `### ${TITLE}\n${BODY}` } } }] };
    case "wecom":
      return { webhook_configs: [{ url_file: file, send_resolved: sendResolved, payload: { msgtype: "markdown", markdown: { content: `### ${TITLE}\n${BODY}` } } }] };
    case "email":
      return {
        email_configs: [
          {
            to: receiver.to.join(", "),
            from: receiver.from,
            smarthost: receiver.smarthost,
            require_tls: receiver.requireTls,
            send_resolved: sendResolved,
            ...(receiver.authUsername === undefined ? {} : { auth_username: receiver.authUsername, auth_password_file: file }),
          },
        ],
      };
  }
}

/** kube-prometheus-stack's default inhibitions: a critical alert silences the warning of the same name. */
const INHIBIT_RULES = [
  { source_matchers: ["severity = critical"], target_matchers: ["severity =~ warning|info"], equal: ["namespace", "alertname"] },
  { source_matchers: ["severity = warning"], target_matchers: ["severity = info"], equal: ["namespace", "alertname"] },
  { source_matchers: ["alertname = InfoInhibitor"], target_matchers: ["severity = info"], equal: ["namespace"] },
  { target_matchers: ["alertname = InfoInhibitor"] },
];

/** The whole Alertmanager configuration: every receiver gets the severities it asks for; the rest goes to `null`. */
export function alertmanagerConfig(receivers: readonly Receiver[]): Record<string, unknown> {
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: NULL_RECEIVER,
      group_by: ["alertname", "namespace", "deployment", "version"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [
        { receiver: NULL_RECEIVER, matchers: ['alertname = "Watchdog"'] },
        { receiver: NULL_RECEIVER, matchers: ['alertname = "InfoInhibitor"'] },
        // `continue` lets several receivers take the same severity (a pager and a chat room).
        ...receivers.map((receiver) => ({ receiver: receiver.name, matchers: [`severity =~ "${receiver.severities.join("|")}"`], continue: true })),
      ],
    },
    inhibit_rules: INHIBIT_RULES,
    receivers: [{ name: NULL_RECEIVER }, ...receivers.map((receiver) => ({ name: receiver.name, ...receiverEntry(receiver) }))],
    templates: ["/etc/alertmanager/config/*.tmpl"],
  };
}
