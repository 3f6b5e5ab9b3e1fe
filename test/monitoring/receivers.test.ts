import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { LlmfleetError, LlmfleetErrors, parseWith } from "../../src/errors/index.js";
import { alertmanagerConfig, kubePrometheusStackValues, monitoringSpecSchema, receiverSchema, type Receiver } from "../../src/monitoring/index.js";
import { routedReceivers } from "../../src/policy/alertRouting.js";
import { previewStack } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { parseFleetConfig } from "../../src/stack/index.js";

function receivers(input: unknown[]): Receiver[] {
  return input.map((receiver) => parseWith(receiverSchema, receiver));
}

const TEAM = receivers([
  { name: "oncall", kind: "pagerduty", severities: ["critical"] },
  { name: "llm-team", kind: "dingtalk" },
  { name: "ops-mail", kind: "email", severities: ["warning"], to: ["ops@example.com", "sre@example.com"], from: "alerts@example.com", smarthost: "smtpdm.aliyun.com:465", authUsername: "alerts@example.com" },
]);

function errorsOf(run: () => unknown): LlmfleetError[] {
  try {
    run();
  } catch (error) {
    if (error instanceof LlmfleetErrors) return [...error.errors];
    if (error instanceof LlmfleetError) return [error];
    throw error;
  }
  return [];
}

describe("Alertmanager configuration from receivers", () => {
  const config = alertmanagerConfig(TEAM);

  it("routes each severity to the receivers that take it, Watchdog to no one", () => {
    expect(routedReceivers(config, { alertname: "InferenceTtftSloBreached", severity: "critical" })).toEqual(["oncall", "llm-team"]);
    expect(routedReceivers(config, { alertname: "InferenceRequestsQueued", severity: "warning" })).toEqual(["llm-team", "ops-mail"]);
    expect(routedReceivers(config, { alertname: "Watchdog", severity: "none" })).toEqual(["null"]);
    expect(routedReceivers(alertmanagerConfig([]), { alertname: "InferenceEngineStuck", severity: "critical" })).toEqual(["null"]);
  });

  it("reads every credential from a file of the receivers' Secret", () => {
    const byName = Object.fromEntries((config["receivers"] as Record<string, unknown>[]).map((receiver) => [receiver["name"], receiver]));
    expect(byName["oncall"]).toEqual({
      name: "oncall",
      pagerduty_configs: [{ routing_key_file: "/etc/alertmanager/secrets/llmfleet-alertmanager-receivers/oncall", send_resolved: true, severity: "{{ .CommonLabels.severity }}" }],
    });
    expect(byName["llm-team"]).toMatchObject({ webhook_configs: [{ url_file: "/etc/alertmanager/secrets/llmfleet-alertmanager-receivers/llm-team", payload: { msgtype: "markdown" } }] });
    expect(byName["ops-mail"]).toMatchObject({
      email_configs: [{ to: "ops@example.com, sre@example.com", auth_username: "alerts@example.com", auth_password_file: "/etc/alertmanager/secrets/llmfleet-alertmanager-receivers/ops-mail", require_tls: true }],
    });
  });

  it("writes DingTalk and WeCom messages in their robots' formats, with the runbook", () => {
    const wecom = alertmanagerConfig(receivers([{ name: "wecom", kind: "wecom" }]));
    const [, entry] = wecom["receivers"] as { webhook_configs?: { payload: { markdown: { content: string } } }[] }[];
    expect(entry?.webhook_configs?.[0]?.payload.markdown.content).toContain("runbook {{ .Annotations.runbook_url }}");
  });

  it("mounts the receivers' Secret only when a receiver needs a credential", () => {
    const alertmanager = (input: unknown[]) => kubePrometheusStackValues(parseWith(monitoringSpecSchema, { alerting: { receivers: input } }), "grafana")["alertmanager"];
    expect(alertmanager([{ name: "oncall", kind: "pagerduty" }])).toMatchObject({ alertmanagerSpec: { secrets: ["llmfleet-alertmanager-receivers"] } });
    expect(alertmanager([{ name: "relay", kind: "email", to: ["ops@example.com"], from: "a@example.com", smarthost: "relay.internal:25", requireTls: false }])).not.toHaveProperty("alertmanagerSpec");
  });

  it("refuses a receiver named null, duplicate names and malformed addresses, naming each key", () => {
    const fields = errorsOf(() =>
      parseWith(monitoringSpecSchema, {
        alerting: {
          receivers: [
            { name: "null", kind: "webhook" },
            { name: "mail", kind: "email", to: ["not-an-address"], from: "a@example.com", smarthost: "relay.internal" },
            { name: "mail", kind: "slack" },
          ],
        },
      }, "monitoring"),
    ).map((error) => error.field);
    expect(fields).toEqual(["monitoring.alerting.receivers[0].name", "monitoring.alerting.receivers[1].to[0]", "monitoring.alerting.receivers[1].smarthost", "monitoring.alerting.receivers[2].name"]);
  });
});

describe("receivers in a stack file", () => {
  const prod = parse(readFileSync("stacks/Pulumi.prod.yaml", "utf8")) as { config: Record<string, unknown> };

  it("need a secret config key for every credential", () => {
    const fleet = structuredClone(prod.config["llmfleet:fleet"]) as { monitoring: { alerting: { receivers: Record<string, unknown>[] } } };
    delete fleet.monitoring.alerting.receivers[0]?.["secretConfigKey"];
    const [error] = errorsOf(() => parseFleetConfig(fleet, "llmfleet:fleet"));
    expect(error?.field).toBe("llmfleet:fleet.monitoring.alerting.receivers[0].secretConfigKey");
    expect(error?.reason).toContain("a pagerduty receiver needs the PagerDuty Events API v2 routing key: name the secret Pulumi config key that holds it");
  });

  it("stop the preview with one error naming the key when the secret config key is not set", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llmfleet-receivers-"));
    const path = join(dir, "Pulumi.paging.yaml");
    const { "llmfleet:pagerdutyRoutingKey": _unset, ...config } = prod.config;
    writeFileSync(path, stringify({ config }));
    const error = await previewStack(loadStackFile({ configFile: path })).then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(LlmfleetError);
    expect((error as LlmfleetError).message).toBe(
      'llmfleet:fleet.monitoring.alerting.receivers[0].secretConfigKey = "pagerdutyRoutingKey": the Pulumi config key llmfleet:pagerdutyRoutingKey, which should hold the PagerDuty Events API v2 routing key for receiver oncall, is not set. Fix: run `pulumi config set --secret pagerdutyRoutingKey <value>` for this stack',
    );
  });
});
