import { z } from "zod";
import { dnsLabel, labelValue } from "../k8s/names.js";
import { hostName } from "../mesh/spec.js";
import { registryMirrorSchema } from "../registry/schema.js";
import { INFERENCE_GATEWAY_IMPLEMENTATIONS } from "./pinned.js";
import { PREFIX_CACHE_ROUTING_MODES } from "./precisePrefix.js";

/**
 * The spec of the inference-pool routes: per route, its hosts, TLS, and one pool per weighted
 * deployment. Validated once at the edge (`parseWith(inferenceGatewaySpecSchema, input, "args")`);
 * past that point the builders trust it.
 */

/** Deployment names become `<name>-epp` (Service names are DNS labels of at most 63 characters). */
const deploymentName = dnsLabel(59);

/** The engines the picker reads metrics from (config/charts/epplib/templates/_deployment.yaml at v1.5.0: vllm, sglang, triton-tensorrt-llm, trtllm-serve). */
export const PICKER_ENGINES = ["vllm", "sglang"] as const;
export type PickerEngine = (typeof PICKER_ENGINES)[number];

export function isPickerEngine(engine: string): engine is PickerEngine {
  return (PICKER_ENGINES as readonly string[]).includes(engine);
}

export const poolBackendSchema = z.strictObject({
  /** The InferenceDeployment whose serving pods the pool selects; also the pool's name. */
  deploymentName,
  /** Share of the route's traffic in percent (an HTTPRoute backend weight). */
  weight: z.number().int().min(0).max(100),
  /** Engine of the deployment: which metric names the picker reads. */
  engine: z.enum(PICKER_ENGINES),
  /** Engine HTTP port: the pool's target port, where the picker also reads `/metrics`. */
  port: z.number().int().min(1).max(65535),
  /** A LeaderWorkerSet group: the pool selects leaders only. Default false. */
  multiNode: z.boolean().default(false),
  /** Replicas (groups, for multi-node) the deployment runs: reported by the preview. */
  replicas: z.number().int().min(0),
  /** `llmfleet.io/model` of the deployment's pods (the engine-side authorization selects by it). */
  modelLabel: labelValue(),
  /**
   * `approximate` (default): the v1.5.0 picker guesses cache hits from where it sent requests.
   * `precise`: llm-d's scheduler reads the engines' KV-cache events (src/inferencePool/precisePrefix.ts).
   */
  prefixCacheRouting: z.enum(PREFIX_CACHE_ROUTING_MODES).default("approximate"),
  /** `precise` only: the model name clients send (the tokenizer and the events' topic key on it). */
  servedModelName: z.string().min(1).optional(),
  /** `precise` only: the model storage the tokenizer sidecar reads the model's tokenizer files from, read-only. */
  tokenizerSource: z.strictObject({ claimName: z.string().min(1), modelDirectory: z.string().min(1) }).optional(),
}).check((ctx) => {
  if (ctx.value.prefixCacheRouting !== "precise") return;
  if (ctx.value.engine !== "vllm") ctx.issues.push({ code: "custom", input: ctx.value.engine, path: ["engine"], message: "precise prefix routing reads vLLM's KV events" });
  if (ctx.value.servedModelName === undefined) ctx.issues.push({ code: "custom", input: undefined, path: ["servedModelName"], message: "precise prefix routing needs the served model name" });
  if (ctx.value.tokenizerSource === undefined) ctx.issues.push({ code: "custom", input: undefined, path: ["tokenizerSource"], message: "precise prefix routing needs the model storage for the tokenizer" });
});

export const inferenceRouteSchema = z
  .strictObject({
    /** Route name: prefix of its Gateway and HTTPRoute. */
    name: dnsLabel(42),
    /** Namespace of the deployments, their pools and pickers. */
    namespace: dnsLabel(),
    hosts: z.array(hostName).min(1),
    /** TLS Secret in the gateway's namespace; HTTPS (and a redirect from HTTP) only when given. */
    tlsCredentialName: dnsLabel().optional(),
    /** Require an `Authorization: Bearer …` header at the gateway (the engine checks the key). Default true. */
    requireApiKey: z.boolean().default(true),
    /** Longest generation in seconds; the request timeout adds the queue allowance. Default 600. */
    maxGenerationSeconds: z.number().int().min(1).max(86_400).default(600),
    pools: z.array(poolBackendSchema).min(1),
  })
  .check((ctx) => {
    const total = ctx.value.pools.reduce((sum, pool) => sum + pool.weight, 0);
    if (total !== 100) ctx.issues.push({ code: "custom", input: ctx.value.pools, path: ["pools"], message: `weights sum to ${total}, not 100` });
  });

/** The Prometheus the engines' NetworkPolicy admits (src/deployment/schema.ts `ingressSources` defaults). */
const DEFAULT_MONITORING = {
  namespace: "monitoring",
  podLabels: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/managed-by": "prometheus-operator" },
  principal: "cluster.local/ns/monitoring/sa/kube-prometheus-stack-prometheus",
};

export const inferenceGatewaySpecSchema = z.strictObject({
  /** `istio` (istiod's Gateway API controller) or `ack` (ACK's Gateway with Inference Extension). */
  implementation: z.enum(INFERENCE_GATEWAY_IMPLEMENTATIONS),
  routes: z.array(inferenceRouteSchema).min(1),
  /** Pull the picker image from this mirror. Default: registry.k8s.io. */
  registry: registryMirrorSchema.optional(),
  /** Where Prometheus runs and which pods are it: only they reach the picker's metrics port. */
  monitoring: z
    .strictObject({
      namespace: dnsLabel().default(DEFAULT_MONITORING.namespace),
      /** The labels prometheus-operator puts on every Prometheus pod. */
      podLabels: z.record(z.string(), z.string()).default(DEFAULT_MONITORING.podLabels),
      /** Prometheus's mesh identity (`istio` implementation). */
      principal: z.string().min(1).default(DEFAULT_MONITORING.principal),
    })
    .default(DEFAULT_MONITORING),
});

export type PoolBackend = z.output<typeof poolBackendSchema>;
export type InferenceRoute = z.output<typeof inferenceRouteSchema>;
export type InferenceGatewaySpec = z.output<typeof inferenceGatewaySpecSchema>;
export type InferenceGatewaySpecInput = z.input<typeof inferenceGatewaySpecSchema>;
