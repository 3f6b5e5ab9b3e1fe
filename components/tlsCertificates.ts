/**
 * TLS Secrets the gateway serves, created from the certificate and key the user stored as secret
 * Pulumi config (`routes[].tls`). The gateway reads `credentialName` from its own namespace
 * (istio-system) as a `kubernetes.io/tls` Secret with `tls.crt` and `tls.key`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LlmfleetError } from "../src/errors/index.js";
import { INGRESS_GATEWAY } from "../src/mesh/index.js";
import { routeTlsSecretName, type FleetConfig } from "../src/stack/index.js";

/** Secret config values by key (without the `llmfleet:` prefix). */
export type SecretConfig = Readonly<Record<string, pulumi.Input<string> | undefined>>;

/** The routes' certificate and key values, read through the stack's secret-config reader. */
export function tlsSecretValues(config: FleetConfig, read: ((key: string) => pulumi.Input<string> | undefined) | undefined): SecretConfig {
  const keys = config.routes.flatMap((route) => (route.tls === undefined ? [] : [route.tls.certificateConfigKey, route.tls.privateKeyConfigKey]));
  return Object.fromEntries(keys.map((key) => [key, read?.(key)]));
}

/** Every route's `tls` config key that has no value, as one error each (checked before anything is registered). */
export function missingTlsConfig(config: FleetConfig, secrets: SecretConfig): LlmfleetError[] {
  return config.routes.flatMap((route, i) => {
    if (route.tls === undefined) return [];
    const wanted = [
      ["certificateConfigKey", route.tls.certificateConfigKey, "fullchain.pem"],
      ["privateKeyConfigKey", route.tls.privateKeyConfigKey, "privkey.pem"],
    ] as const;
    return wanted
      .filter(([, key]) => secrets[key] === undefined)
      .map(([field, key, file]) => new LlmfleetError(`routes[${i}].tls.${field}`, key, "the stack has no value for this config key, so the gateway's TLS Secret cannot be created", `pulumi config set --secret llmfleet:${key} "$(cat ${file})"`));
  });
}

/** One Secret per distinct TLS Secret name (routes may share a certificate). */
export function createTlsSecrets(fleetName: string, config: FleetConfig, secrets: SecretConfig, parent: pulumi.Resource, provider: k8s.Provider, dependsOn: pulumi.Resource[]): k8s.core.v1.Secret[] {
  const created = new Map<string, k8s.core.v1.Secret>();
  for (const route of config.routes) {
    const name = routeTlsSecretName(route);
    if (route.tls === undefined || name === undefined || created.has(name)) continue;
    const certificate = secrets[route.tls.certificateConfigKey];
    const privateKey = secrets[route.tls.privateKeyConfigKey];
    if (certificate === undefined || privateKey === undefined) continue;
    created.set(
      name,
      new k8s.core.v1.Secret(
        `${fleetName}-tls-${name}`,
        {
          metadata: { name, namespace: INGRESS_GATEWAY.namespace, labels: { "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/managed-by": "pulumi", "app.kubernetes.io/component": "mesh" } },
          type: "kubernetes.io/tls",
          stringData: { "tls.crt": pulumi.secret(certificate), "tls.key": pulumi.secret(privateKey) },
        },
        { parent, provider, dependsOn },
      ),
    );
  }
  return [...created.values()];
}
