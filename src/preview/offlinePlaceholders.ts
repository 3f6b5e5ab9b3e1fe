/**
 * Values a stack reads from Pulumi configuration that the offline preview cannot have: secrets set
 * with `pulumi config set --secret` are encrypted in the stack file (or live only in the Pulumi
 * backend). Placeholders stand in for them, and the preview says which.
 */
import { FLEET_CONFIG_KEY, SECRET_PLACEHOLDER } from "../stack/index.js";
import { FAKE_KUBECONFIG } from "./fakeOutputs.js";
import type { StackFile } from "./stackFile.js";

export interface OfflineStackFile {
  /** The stack file with placeholders where the preview cannot read a value. */
  readonly file: StackFile;
  /** One sentence per placeholder, for the preview's summary. */
  readonly placeholders: readonly string[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `pulumi config set --secret` stores `{ secure: "v1:…" }`, which only the stack's secrets provider decrypts. */
function isEncrypted(value: unknown): boolean {
  return isRecord(value) && typeof value["secure"] === "string";
}

/** The config key (`llmfleet:<key>`) an existing cluster's kubeconfig is read from, if the fleet names one. */
function kubeconfigKeyOf(config: Record<string, unknown>): string | undefined {
  const fleet = config[FLEET_CONFIG_KEY];
  const cluster = isRecord(fleet) ? fleet["cluster"] : undefined;
  if (!isRecord(cluster) || cluster["mode"] !== "existing") return undefined;
  const key = cluster["kubeconfigConfigKey"];
  return typeof key === "string" && key !== "" ? `llmfleet:${key}` : undefined;
}

/**
 * Puts a placeholder kubeconfig (marked secret by the program, shown as `[secret]`) where an existing
 * cluster's `kubeconfigConfigKey` names a value that is missing or encrypted in the stack file.
 */
export function withOfflinePlaceholders(file: StackFile): OfflineStackFile {
  const receivers = receiverPlaceholders(file.config);
  const key = kubeconfigKeyOf(file.config);
  if (key === undefined) return { file, placeholders: receivers };
  const value = file.config[key];
  if (value !== undefined && !isEncrypted(value)) return { file, placeholders: receivers };
  const state = value === undefined ? "is not set in the stack file" : "is encrypted in the stack file";
  return {
    file: { ...file, config: { ...file.config, [key]: FAKE_KUBECONFIG } },
    placeholders: [
      `${key} (the existing cluster's kubeconfig, from cluster.kubeconfigConfigKey) ${state}: a placeholder secret stands in offline; pulumi up reads the real value`,
      ...receivers,
    ],
  };
}

/** Alert receivers whose credential still holds the shipped placeholder: fine offline, refused by pulumi up. */
function receiverPlaceholders(config: Record<string, unknown>): string[] {
  const fleet = config[FLEET_CONFIG_KEY];
  const monitoring = isRecord(fleet) ? fleet["monitoring"] : undefined;
  const alerting = isRecord(monitoring) ? monitoring["alerting"] : undefined;
  const receivers = isRecord(alerting) && Array.isArray(alerting["receivers"]) ? alerting["receivers"] : [];
  return receivers.flatMap((receiver) => {
    const key = isRecord(receiver) && typeof receiver["secretConfigKey"] === "string" ? receiver["secretConfigKey"] : undefined;
    if (key === undefined || config[`llmfleet:${key}`] !== SECRET_PLACEHOLDER) return [];
    return [`llmfleet:${key} (receiver ${String(receiver["name"])}'s credential) holds the shipped placeholder: the preview runs with it, pulumi up refuses it until \`pulumi config set --secret ${key} <value>\``];
  });
}
