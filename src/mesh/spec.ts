import { z } from "zod";
import { patternString } from "../errors/patterns.js";
import { dnsLabel as kubernetesDnsLabel, labelValue } from "../k8s/names.js";

/** Route names prefix the Gateway and VirtualService names. */
const dnsLabel = kubernetesDnsLabel(42);

/**
 * The routing spec of the mesh: which models are served, on which hosts, how traffic is split and
 * who may call them. Validated once at the edge (`parseWith(meshSpecSchema, input, "models")`);
 * past that point the builders trust it.
 */

/** The OpenAI-compatible paths a client may call. Everything else an engine serves
 * (/invocations, /pause, /tokenize, /load, /metrics…) is unauthenticated in vLLM and stays internal. */
export const OPENAI_PATHS = ["/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models"] as const;

/** Where the ingress gateway runs and who it is (the `gateway` chart's defaults for release `istio-ingressgateway`). */
export const INGRESS_GATEWAY = {
  namespace: "istio-system",
  selector: { istio: "ingressgateway" },
  serviceAccount: "istio-ingressgateway",
} as const;

/** A host a gateway accepts: fully qualified, never a wildcard (the stack file's routes use it too). */
export const hostName = patternString(
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/,
  "must be a fully qualified host name without wildcards ('*' would route every host to this model)",
  "write the full host clients call, in lower case, e.g. qwen.llm.example.com",
);

const versionSchema = z.strictObject({
  /** Value of the pods' `llmfleet.io/version` label. */
  name: labelValue(),
  /** Share of traffic in percent; the weights of a model sum to 100. */
  weight: z.number().int().min(0).max(100),
});

/** A request header name (RFC 9110 token, lower case as Envoy sees it). */
const headerName = patternString(/^[a-z0-9!#$%&'*+.^_`|~-]+$/, "must be an HTTP header name in lower case", "e.g. x-jwt-assertion");

export const jwtSchema = z.strictObject({
  issuer: z.string().min(1),
  jwksUri: z.url({ message: "must be the full URL of the issuer's JSON Web Key Set" }),
  /** Accepted `aud` values; empty accepts any audience of the issuer. */
  audiences: z.array(z.string().min(1)).default([]),
  /**
   * Header the client sends the JWT in. Not `authorization`: the engine checks its API key there
   * (vLLM's `AuthenticationMiddleware` compares `Authorization: Bearer <key>` on every `/v1` path),
   * and Istio removes a validated token from its header unless `forwardOriginalToken` is set, so a
   * JWT in `Authorization` either reaches the engine as a wrong key or leaves it no key at all.
   * Default `x-jwt-assertion`.
   */
  tokenHeader: headerName
    .refine((header) => header !== "authorization", {
      message: "Authorization carries the route's API key, which the engine checks; a JWT there would reach the engine as a wrong key or be removed by the gateway, leaving it none",
      params: { fix: "send the JWT in its own header, e.g. x-jwt-assertion (the default), and keep the API key in Authorization" },
    })
    .default("x-jwt-assertion"),
});

export const servedModelSchema = z
  .strictObject({
    /** Served model name: prefix of every object the mesh emits for it. */
    name: dnsLabel,
    /** Namespace of the model's InferenceDeployments. Default `llm-serving`. */
    namespace: dnsLabel.default("llm-serving"),
    /** Name of the primary InferenceDeployment (its pods' `app.kubernetes.io/name`). */
    deploymentName: dnsLabel,
    /** `llmfleet.io/model` label value shared by the primary and the backup (`modelLabelValue(modelId)` of src/workload); the engine pods' authorization selects by it. */
    modelLabel: labelValue(),
    /** Name of the Service the mesh routes through (selects the pods labelled `llmfleet.io/route: <name>`). Default `<name>-serving`. */
    serviceName: dnsLabel.optional(),
    /** Engine HTTP port (vLLM 8000, BladeLLM 8081). Default 8000. */
    port: z.number().int().min(1).max(65535).default(8000),
    /** Versions of the primary with their traffic weights. Default `[{ name: "v1", weight: 100 }]`. */
    versions: z.array(versionSchema).min(1).default([{ name: "v1", weight: 100 }]),
    /**
     * Deployment that takes a version's traffic only when that version has no healthy endpoint. Its
     * pods carry `routeMemberLabels` with every weighted version (InferenceDeployment's `route`
     * argument) and an `llmfleet.io/version` of their own that no weighted version uses.
     */
    backup: z.strictObject({ deploymentName: dnsLabel }).optional(),
    /** Longest generation a request may run, in seconds; the route timeout is never shorter. Default 600. */
    maxGenerationSeconds: z.number().int().min(1).max(86_400).default(600),
    /** Multi-node engine (primary and backup): no sidecar on its pods, traffic enters at the leader. Default false. */
    multiNode: z.boolean().default(false),
    /** Host names the gateway accepts for this model; never `*`. */
    hosts: z.array(hostName).min(1),
    /** Kubernetes TLS Secret in `istio-system` holding the certificate; HTTPS only when given. */
    tlsCredentialName: dnsLabel.optional(),
    /** Require a JWT from this issuer at the gateway, in its own header (`tokenHeader`); the API key stays in `Authorization`. */
    jwt: jwtSchema.optional(),
    /** Require an `Authorization: Bearer …` API key at the gateway (the engine checks its value). Default true. */
    requireApiKey: z.boolean().default(true),
    /** Upper bound on concurrent requests to the model across replicas. Default 512. */
    maxConcurrentRequests: z.number().int().min(1).default(512),
    /**
     * The route is served by a Gateway API gateway of its own (`routing: inference-pool`,
     * src/inferencePool) instead of the shared ingress gateway: the mesh then emits only the
     * model's authorization, with this gateway's pods and identity. Default: the shared gateway.
     */
    inferenceGateway: z.strictObject({ selector: z.record(z.string(), z.string()), principal: z.string().min(1) }).optional(),
  })
  .check((ctx) => {
    const model = ctx.value;
    const total = model.versions.reduce((sum, version) => sum + version.weight, 0);
    if (total !== 100) {
      ctx.issues.push({ code: "custom", input: model.versions, path: ["versions"], message: `weights sum to ${total}, not 100` });
    }
    const names = model.versions.map((version) => version.name);
    if (new Set(names).size !== names.length) {
      ctx.issues.push({ code: "custom", input: names, path: ["versions"], message: "version names repeat" });
    }
    if (model.backup?.deploymentName === model.deploymentName) {
      ctx.issues.push({ code: "custom", input: model.backup, path: ["backup", "deploymentName"], message: "the backup is the primary itself" });
    }
  });

export const meshSpecSchema = z.array(servedModelSchema).check((ctx) => {
  const seen = new Map<string, number>();
  ctx.value.forEach((model, index) => {
    for (const modelHost of model.hosts) {
      if (seen.has(modelHost)) {
        ctx.issues.push({ code: "custom", input: modelHost, path: [index, "hosts"], message: `host ${modelHost} is already served by models[${seen.get(modelHost)}]` });
      }
      seen.set(modelHost, index);
    }
  });
});

export type ServedModelInput = z.input<typeof servedModelSchema>;
export type ServedModel = z.output<typeof servedModelSchema>;

/** The Service a route is served through unless the served model names another. */
export function defaultServingServiceName(route: string): string {
  return `${route}-serving`;
}

/** The Service the mesh routes a model through. */
export function servingServiceName(model: ServedModel): string {
  return model.serviceName ?? defaultServingServiceName(model.name);
}

export function servingHost(model: ServedModel): string {
  return `${servingServiceName(model)}.${model.namespace}.svc.cluster.local`;
}

/** Route timeout: the longest generation plus time queued before the first token. */
export const QUEUE_ALLOWANCE_SECONDS = 60;
