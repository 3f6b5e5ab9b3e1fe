import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config.js";
import { LlmFleet } from "../components/LlmFleet.js";
import { LlmfleetError } from "../src/errors/index.js";
import { DEFAULT_REGION, FLEET_CONFIG_KEY, regionConflict, type FleetConfigInput } from "../src/stack/index.js";

/** Whether the engine handed `key` to the program as a secret. Exported by the SDK, missing from its typings. */
const { isConfigSecret } = runtimeConfig as unknown as { isConfigSecret: (key: string) => boolean };

/** A receiver's credential written in plain text (the shipped placeholder, or a real value unencrypted). */
function plainCredential(key: string): LlmfleetError {
  return new LlmfleetError(
    `llmfleet:${key}`,
    // Never echo it: it may be a real credential.
    "(plain text)",
    "an alert receiver's credential is in the stack file in plain text (the shipped value is a placeholder), so alerts would go to no one and a real credential would sit unencrypted",
    `run \`pulumi config set --secret ${key} <value>\` for this stack`,
  );
}

/**
 * The stack program: the whole fleet from the stack's `llmfleet:fleet` configuration
 * (`stacks/Pulumi.<stack>.yaml`). Shared by `pulumi up` (stacks/program.ts) and the offline preview.
 */
export function buildFleet(): LlmFleet {
  const config = new pulumi.Config("llmfleet");
  // requireObject does not check the shape: LlmFleet validates it with zod on entry.
  const fleet = config.requireObject<FleetConfigInput>("fleet");
  const conflict = regionConflict(fleet.region ?? DEFAULT_REGION, fleet.region !== undefined, new pulumi.Config("alicloud").get("region"));
  if (conflict !== undefined) throw conflict;
  const kubeconfigKey = fleet.cluster?.mode === "existing" ? fleet.cluster.kubeconfigConfigKey : undefined;
  const kubeconfig = kubeconfigKey === undefined ? undefined : config.requireSecret(kubeconfigKey);
  // Receivers' credentials and routes' TLS keys are read by key, so that each stays a Pulumi secret
  // (set with `pulumi config set --secret`). Only the offline preview may run with a plain value (the
  // shipped placeholder): a real run refuses one, because it would land in a Secret as a credential
  // that works for no one. Missing keys are reported by LlmFleet with the key path and the command.
  const offline = config.getBoolean("offlinePreview") === true;
  const secretConfig = (key: string) => {
    const value = config.getSecret(key);
    if (value !== undefined && !offline && !isConfigSecret(`llmfleet:${key}`)) throw plainCredential(key);
    return value;
  };
  return new LlmFleet("llmfleet", { config: fleet, configKey: FLEET_CONFIG_KEY, kubeconfig, secretConfig });
}
