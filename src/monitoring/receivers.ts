import { z } from "zod";
import { LlmfleetError } from "../errors/index.js";

/**
 * Where alerts go: Alertmanager receivers, each taking the severities it is given. Every credential
 * (a webhook URL with its token, a PagerDuty routing key, an SMTP password) lives in one Kubernetes
 * Secret that the Alertmanager pods mount (`alertmanager.alertmanagerSpec.secrets`); the
 * configuration only names files under the mount (`url_file`, `api_url_file`, `routing_key_file`,
 * `auth_password_file`, all in Alertmanager v0.34.0, the image kube-prometheus-stack pins), so the
 * chart values, which Pulumi keeps in plain text, hold no secret.
 */

export const ALERT_SEVERITIES = ["critical", "warning"] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

/** The receiver kube-prometheus-stack routes everything to by default; it notifies no one. */
export const NULL_RECEIVER = "null";

const receiverName = z
  .string()
  .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, "must be a DNS label (lower-case letters, digits, '-')")
  .refine((name) => name !== NULL_RECEIVER, { message: `"${NULL_RECEIVER}" is the chart's receiver that notifies no one` });

const email = z.string().regex(/^[^@\s]+@[^@\s]+$/, "must be an e-mail address");

function receiverUnion<Extra extends z.ZodRawShape>(extra: Extra) {
  const common = {
    name: receiverName,
    /** Severities this receiver is sent. Default both. */
    severities: z.array(z.enum(ALERT_SEVERITIES)).min(1).default([...ALERT_SEVERITIES]),
    /** Also notify when an alert resolves. Default true. */
    sendResolved: z.boolean().default(true),
    ...extra,
  };
  return z.discriminatedUnion("kind", [
    /** Any HTTP endpoint that takes Alertmanager's JSON; the secret is the URL. */
    z.strictObject({ ...common, kind: z.literal("webhook") }),
    /** A Slack incoming webhook; the secret is its URL. */
    z.strictObject({ ...common, kind: z.literal("slack"), channel: z.string().min(1).optional() }),
    /** PagerDuty Events API v2; the secret is the integration's routing key. */
    z.strictObject({ ...common, kind: z.literal("pagerduty") }),
    /** A DingTalk group robot (`https://oapi.dingtalk.com/robot/send?access_token=…`); the secret is that URL. */
    z.strictObject({ ...common, kind: z.literal("dingtalk") }),
    /** A WeCom group robot (`https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`); the secret is that URL. */
    z.strictObject({ ...common, kind: z.literal("wecom") }),
    /** E-mail through an SMTP relay; the secret is the password of `authUsername` (none without it). */
    z.strictObject({
      ...common,
      kind: z.literal("email"),
      to: z.array(email).min(1),
      from: email,
      /** `host:port` of the SMTP relay, e.g. `smtpdm.aliyun.com:465`. */
      smarthost: z.string().regex(/^[^\s:]+:\d+$/, "must be host:port"),
      authUsername: z.string().min(1).optional(),
      /** Require STARTTLS. Default true. */
      requireTls: z.boolean().default(true),
    }),
  ]);
}

/** One receiver as the Monitoring component takes it (its secret is passed separately, as a Pulumi secret). */
export const receiverSchema = receiverUnion({});
/** One receiver in a stack file: the same, plus the Pulumi config key holding its secret. */
export const stackReceiverSchema = receiverUnion({
  /** Name of a secret Pulumi config key (`pulumi config set --secret <key> <value>`) in the `llmfleet` namespace. */
  secretConfigKey: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "must be a Pulumi config key name (letters, digits, '_', '-')").optional(),
});

export type ReceiverInput = z.input<typeof receiverSchema>;
export type Receiver = z.output<typeof receiverSchema>;
export type StackReceiver = z.output<typeof stackReceiverSchema>;

/** What the receiver's secret is, for messages and docs; undefined when it needs none. */
export function receiverSecretPurpose(receiver: Pick<Receiver, "kind"> & { readonly authUsername?: string | undefined }): string | undefined {
  switch (receiver.kind) {
    case "webhook":
      return "the webhook URL";
    case "slack":
      return "the Slack incoming-webhook URL";
    case "pagerduty":
      return "the PagerDuty Events API v2 routing key";
    case "dingtalk":
      return "the DingTalk robot webhook URL with its access_token";
    case "wecom":
      return "the WeCom robot webhook URL with its key";
    case "email":
      return receiver.authUsername === undefined ? undefined : `the SMTP password of ${receiver.authUsername}`;
  }
}

/** Indexes of the receivers whose name an earlier receiver already has. */
export function duplicateReceiverNames(receivers: readonly Pick<Receiver, "name">[]): number[] {
  return receivers.flatMap((receiver, index) => (receivers.findIndex((other) => other.name === receiver.name) < index ? [index] : []));
}

/**
 * One error per receiver that needs a credential and was given none, and per credential that
 * belongs to no such receiver; `given` are the names credentials were passed under.
 */
export function receiverSecretProblems(receivers: readonly Receiver[], given: readonly string[]): LlmfleetError[] {
  const missing = receivers.flatMap((receiver, index) => {
    const purpose = receiverSecretPurpose(receiver);
    if (purpose === undefined || given.includes(receiver.name)) return [];
    return [new LlmfleetError(`receiverSecrets.${receiver.name}`, undefined, `receiver alerting.receivers[${index}] (${receiver.kind}) needs ${purpose}`, `pass it as receiverSecrets["${receiver.name}"], a Pulumi secret`)];
  });
  const stray = given.flatMap((name) =>
    receivers.some((receiver) => receiver.name === name && receiverSecretPurpose(receiver) !== undefined)
      ? []
      : [new LlmfleetError(`receiverSecrets.${name}`, "[secret]", "belongs to no receiver of alerting.receivers that takes a credential", "remove it, or add the receiver it is for")],
  );
  return [...missing, ...stray];
}

/**
 * The `monitoring.alerting` section of a stack file: receivers whose credentials are named by
 * secret Pulumi config keys, each needed exactly when the receiver takes a credential.
 */
export const stackAlertingSchema = z
  .strictObject({ receivers: z.array(stackReceiverSchema).default([]) })
  .superRefine((alerting, context) => {
    alerting.receivers.forEach((receiver, index) => {
      const purpose = receiverSecretPurpose(receiver);
      if (purpose !== undefined && receiver.secretConfigKey === undefined) {
        context.addIssue({
          code: "custom",
          path: ["receivers", index, "secretConfigKey"],
          message: `a ${receiver.kind} receiver needs ${purpose}: name the secret Pulumi config key that holds it (set it with \`pulumi config set --secret <key> <value>\`)`,
        });
      }
      if (purpose === undefined && receiver.secretConfigKey !== undefined) {
        context.addIssue({ code: "custom", path: ["receivers", index, "secretConfigKey"], message: "an email receiver without authUsername sends no password: remove secretConfigKey or set authUsername" });
      }
    });
    for (const index of duplicateReceiverNames(alerting.receivers)) {
      context.addIssue({ code: "custom", path: ["receivers", index, "name"], message: "names a receiver that is already defined; Alertmanager needs unique receiver names" });
    }
  });
