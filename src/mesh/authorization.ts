import type { KubernetesObject } from "../k8s/index.js";
import { meshMetadata } from "./labels.js";
import { INGRESS_GATEWAY, OPENAI_PATHS, type ServedModel } from "./spec.js";

/**
 * Who may reach a served model. Enforced twice: at the ingress gateway (per host, so one model's
 * rules never touch another's) and at the engine pods' sidecars (allow-nothing plus one positive
 * rule). Multi-node pods have no sidecar, so for them the gateway rules are the ones that hold.
 */

export const GATEWAY_PRINCIPAL = `cluster.local/ns/${INGRESS_GATEWAY.namespace}/sa/${INGRESS_GATEWAY.serviceAccount}`;

/** The pods of the gateway that serves the model: its own (inference-pool routes) or the shared one. */
function gatewaySelector(model: ServedModel): Record<string, string> {
  return model.inferenceGateway?.selector ?? INGRESS_GATEWAY.selector;
}

/** Host patterns the gateway sees: `Host` may carry a port. */
function hostPatterns(model: ServedModel): string[] {
  return model.hosts.flatMap((host) => [host, `${host}:*`]);
}

/** mTLS STRICT for the namespace: plaintext from outside the mesh is refused. */
export function peerAuthentication(namespace: string): KubernetesObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "PeerAuthentication",
    metadata: meshMetadata("default", namespace),
    spec: { mtls: { mode: "STRICT" } },
  };
}

/** An ALLOW policy without rules matches nothing: every request not allowed by another policy is denied. */
export function allowNothing(namespace: string): KubernetesObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: meshMetadata("allow-nothing", namespace),
    spec: {},
  };
}

/**
 * The engine pods accept the OpenAI paths from the ingress gateway and `GET /metrics` from
 * Prometheus (a mesh workload, `scraperPrincipal`), nothing else.
 */
export function allowOpenAiFromGateway(model: ServedModel, scraperPrincipal: string): KubernetesObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: meshMetadata(`${model.name}-openai`, model.namespace, model.name),
    spec: {
      selector: { matchLabels: { "llmfleet.io/model": model.modelLabel } },
      action: "ALLOW",
      rules: [
        {
          from: [{ source: { principals: [model.inferenceGateway?.principal ?? GATEWAY_PRINCIPAL] } }],
          to: [{ operation: { methods: ["GET", "POST"], paths: [...OPENAI_PATHS] } }],
        },
        { from: [{ source: { principals: [scraperPrincipal] } }], to: [{ operation: { methods: ["GET"], paths: ["/metrics"] } }] },
      ],
    },
  };
}

/** At the gateway: any path of this model's hosts outside the OpenAI list is denied. */
export function denyNonOpenAiPaths(model: ServedModel): KubernetesObject {
  return {
    apiVersion: "security.istio.io/v1",
    kind: "AuthorizationPolicy",
    metadata: meshMetadata(`${model.name}-paths`, INGRESS_GATEWAY.namespace, model.name),
    spec: {
      selector: { matchLabels: INGRESS_GATEWAY.selector },
      action: "DENY",
      rules: [{ to: [{ operation: { hosts: hostPatterns(model), notPaths: [...OPENAI_PATHS] } }] }],
    },
  };
}

/**
 * JWT at the gateway. A RequestAuthentication alone lets requests without a token through, so it
 * is paired with a DENY of requests that carry no principal of this issuer. The API key is still
 * required and checked by the engine: JWT adds who the caller is, it does not replace the key.
 */
export function jwtAuthentication(model: ServedModel): KubernetesObject[] {
  if (model.jwt === undefined) return [];
  const { issuer, jwksUri, audiences, tokenHeader } = model.jwt;
  return [
    {
      apiVersion: "security.istio.io/v1",
      kind: "RequestAuthentication",
      metadata: meshMetadata(`${model.name}-jwt`, INGRESS_GATEWAY.namespace, model.name),
      spec: {
        selector: { matchLabels: gatewaySelector(model) },
        // The token is read from its own header only (istio/api 1.29 `JWTRule.from_headers`: when a
        // location is given, `Authorization` is no longer tried), so the API key in `Authorization`
        // passes through to the engine untouched; the JWT header itself is removed upstream.
        jwtRules: [{ issuer, jwksUri, ...(audiences.length > 0 ? { audiences } : {}), fromHeaders: [{ name: tokenHeader }], forwardOriginalToken: false }],
      },
    },
    {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: meshMetadata(`${model.name}-require-jwt`, INGRESS_GATEWAY.namespace, model.name),
      spec: {
        selector: { matchLabels: gatewaySelector(model) },
        action: "DENY",
        rules: [{ from: [{ source: { notRequestPrincipals: [`${issuer}/*`] } }], to: [{ operation: { hosts: hostPatterns(model) } }] }],
      },
    },
  ];
}

/**
 * API key at the gateway: requests without an `Authorization: Bearer …` header are denied there.
 * The key's value is checked by the engine (`--api-key` from a Secret), so it never appears in
 * mesh configuration or Pulumi state.
 */
export function apiKeyRequirement(model: ServedModel): KubernetesObject[] {
  if (!model.requireApiKey) return [];
  return [
    {
      apiVersion: "security.istio.io/v1",
      kind: "AuthorizationPolicy",
      metadata: meshMetadata(`${model.name}-require-api-key`, INGRESS_GATEWAY.namespace, model.name),
      spec: {
        selector: { matchLabels: gatewaySelector(model) },
        action: "DENY",
        rules: [
          {
            to: [{ operation: { hosts: hostPatterns(model) } }],
            when: [{ key: "request.headers[authorization]", notValues: ["Bearer *"] }],
          },
        ],
      },
    },
  ];
}
