/**
 * One API key per route, shared by every deployment behind it (the weighted versions and the
 * backup): a client of the route reaches any of them and holds one key. RandomPassword, because its
 * `result` is secret in state (RandomString's is not); the Secret is written from that Output with
 * `stringData`, so the value is never in a pod spec.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { RouteApiKey } from "../src/stack/index.js";

/**
 * The generated keys' Secrets by route name. Before routes shared a key, each deployment had its
 * own under its InferenceDeployment; the route's key takes over its first weighted deployment's
 * (aliases), so that deployment's clients keep their key.
 */
export function createRouteApiKeys(
  fleetName: string,
  keys: readonly RouteApiKey[],
  namespace: string,
  parent: pulumi.Resource,
  provider: k8s.Provider,
  dependsOn: pulumi.Resource[],
): Map<string, k8s.core.v1.Secret> {
  const secrets = new Map<string, k8s.core.v1.Secret>();
  for (const key of keys.filter((k) => k.generated)) {
    const previousParent = pulumi.createUrn(`${fleetName}-${key.primary}`, "llmfleet:index:InferenceDeployment", parent);
    const previousName = `${fleetName}-${key.primary}-api-key`;
    const password = new random.RandomPassword(
      `${fleetName}-route-${key.route}-api-key`,
      { length: 48, special: false },
      { parent, aliases: [{ name: previousName, parent: previousParent }] },
    );
    const secret = new k8s.core.v1.Secret(
      `${fleetName}-route-${key.route}-api-key`,
      {
        metadata: {
          name: key.secretName,
          namespace,
          labels: { "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/component": "api-key", "llmfleet.io/route": key.route },
        },
        type: "Opaque",
        stringData: Object.fromEntries(key.secretKeys.map((secretKey) => [secretKey, password.result])),
      },
      { parent, provider, dependsOn, aliases: [{ name: previousName, parent: previousParent }] },
    );
    secrets.set(key.route, secret);
  }
  return secrets;
}
