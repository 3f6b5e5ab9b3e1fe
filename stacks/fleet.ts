import * as pulumi from "@pulumi/pulumi";
import { LlmFleet } from "../components/LlmFleet.js";
import { DEFAULT_REGION, FLEET_CONFIG_KEY, regionConflict, type FleetConfigInput } from "../src/stack/index.js";

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
  // Receivers' credentials are read by key, so that each stays a Pulumi secret (set with `pulumi config set --secret`).
  return new LlmFleet("llmfleet", { config: fleet, configKey: FLEET_CONFIG_KEY, kubeconfig, secretConfig: (key) => config.getSecret(key) });
}
