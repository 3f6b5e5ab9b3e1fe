import * as pulumi from "@pulumi/pulumi";
import { LlmFleet } from "../components/LlmFleet.js";
import { FLEET_CONFIG_KEY, type FleetConfigInput } from "../src/stack/index.js";

/**
 * The stack program: the whole fleet from the stack's `llmfleet:fleet` configuration
 * (`stacks/Pulumi.<stack>.yaml`). Shared by `pulumi up` (stacks/program.ts) and the offline preview.
 */
export function buildFleet(): LlmFleet {
  const config = new pulumi.Config("llmfleet");
  // requireObject does not check the shape: LlmFleet validates it with zod on entry.
  const fleet = config.requireObject<FleetConfigInput>("fleet");
  const kubeconfigKey = fleet.cluster?.mode === "existing" ? fleet.cluster.kubeconfigConfigKey : undefined;
  const kubeconfig = kubeconfigKey === undefined ? undefined : config.requireSecret(kubeconfigKey);
  // Missing keys are reported by LlmFleet with the key path and the `pulumi config set` to run.
  const secretKeys = (fleet.routes ?? []).flatMap((route) => (route.tls === undefined ? [] : [route.tls.certificateConfigKey, route.tls.privateKeyConfigKey]));
  const secrets = Object.fromEntries(secretKeys.map((key) => [key, config.getSecret(key)]));
  return new LlmFleet("llmfleet", { config: fleet, configKey: FLEET_CONFIG_KEY, kubeconfig, secrets });
}
