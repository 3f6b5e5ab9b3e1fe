import { z } from "zod";
import { WEIGHT_DTYPES } from "../model/types.js";
import { ENGINES } from "../planner/types.js";

/**
 * The validated input of the workload builders: what to serve (model, engine, image), how it was
 * sized (the planner's plan), where it lands (pool placement, model volume) and how it scales.
 * Field names match the `InferenceDeployment` component arguments so errors name the same paths.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** ≤ 40 characters: LWS and MPIJob derive pod host names (≤ 63) from it with group and index suffixes. */
const deploymentName = z.string().max(40).regex(DNS_LABEL, "must be a DNS-1123 label (lower-case letters, digits, '-')");
const positiveInt = z.int().min(1);

export const imageSchema = z
  .strictObject({
    /** Registry and repository, without tag or digest, e.g. `vllm/vllm-openai`. */
    repository: z.string().regex(/^[a-z0-9]+([._\-/:][a-z0-9]+)*$/, "must be a repository without a tag or digest"),
    tag: z
      .string()
      .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "must be a Docker tag")
      .refine((tag) => tag !== "latest", "latest is not a pin: the image would change under a running deployment")
      .optional(),
    digest: z.string().regex(/^sha256:[a-f0-9]{64}$/, "must be sha256:<64 hex digits>").optional(),
    /** UID the image runs as when it supports a non-root user; omitted means the image's default (root). */
    runAsUser: z.int().min(1).optional(),
  })
  .refine((image) => image.tag !== undefined || image.digest !== undefined, {
    message: "an image must be pinned by tag or digest",
    path: ["tag"],
  });

/** The plan fields the workload reads; a whole `Plan` from the planner satisfies it. */
export const planSchema = z.object({
  model: z.object({
    id: z.string().min(1),
    family: z.string().min(1),
    weightBytes: z.number().positive(),
    dtype: z.enum(WEIGHT_DTYPES),
    maxModelLen: positiveInt,
  }),
  engine: z.enum(ENGINES),
  gpu: z.object({ name: z.string().min(1), memoryGiB: z.number().positive() }),
  instanceType: z.string().min(1),
  gpusPerNode: positiveInt,
  nodes: positiveInt,
  tensorParallel: positiveInt,
  pipelineParallel: positiveInt,
  gpus: positiveInt,
  kvCacheDtype: z.enum(["fp8", "bf16", "fp16"]),
  quantization: z.string().min(1).nullable(),
  gpuMemoryUtilization: z.number().gt(0).lte(1),
  maxBatchedTokens: positiveInt,
  shmGiB: z.number().min(0),
});

export const placementSchema = z.object({
  poolName: z.string().min(1),
  nodeSelector: z.record(z.string(), z.string()),
  tolerations: z.array(
    z.object({
      key: z.string().min(1),
      operator: z.enum(["Equal", "Exists"]),
      value: z.string().optional(),
      effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
    }),
  ).readonly(),
  instanceType: z.string().min(1),
  gpu: z.string().min(1),
  gpusPerNode: positiveInt,
  allocatableCpuMillis: positiveInt,
  allocatableMemoryMiB: positiveInt,
  erdma: z.boolean(),
});

export const volumeSchema = z.object({
  claimName: z.string().regex(/^[a-z0-9]([-.a-z0-9]*[a-z0-9])?$/, "must be a DNS-1123 subdomain"),
  mountPath: z.string().regex(/^\/[^:]*$/, "must be an absolute path"),
  subPath: z.string().regex(/^(?!\/)(?!.*\.\.)/, "must be relative and must not contain '..'"),
  readThroughputMiBps: z.number().positive(),
  serviceAccountName: z.string().regex(DNS_LABEL).nullable(),
});

export const autoscalingSchema = z
  .strictObject({
    minReplicas: positiveInt,
    maxReplicas: positiveInt.max(64),
    /** Target of `vllm:num_requests_waiting` per replica (production-stack scales at 5). */
    waitingRequestsPerReplica: z.number().positive().default(5),
    /** Scale-down stabilisation window; below 300 s replicas thrash while models take minutes to load. */
    scaleDownStabilizationSeconds: z.int().min(300).default(300),
    /** Prometheus that scrapes the engine's `/metrics`. */
    prometheusAddress: z.url().default("http://prometheus-operated.monitoring.svc:9090"),
  })
  .refine((a) => a.maxReplicas >= a.minReplicas, { message: "must be ≥ minReplicas", path: ["maxReplicas"] });

const secretKeyRef = z.strictObject({ name: z.string().regex(DNS_LABEL), key: z.string().min(1) });
export const extraEnvSchema = z.union([
  z.strictObject({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), value: z.string() }),
  z.strictObject({ name: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), secretKeyRef }),
]);

export const engineOptionsSchema = z.strictObject({
  // Planning inputs: the plan holds the values used; given here they must agree with it.
  maxModelLen: positiveInt.optional(),
  gpuMemoryUtilization: z.number().gt(0).lte(1).optional(),
  dtype: z.enum(["auto", ...WEIGHT_DTYPES]).optional(),
  quantization: z.string().min(1).optional(),
  kvCacheDtype: z.enum(["auto", "fp8"]).optional(),
  /** Scheduler token budget (vLLM `--max-num-batched-tokens`, BladeLLM `--ragged_flash_max_batch_tokens`). */
  maxBatchedTokens: positiveInt.optional(),
  // Serving options.
  prefixCaching: z.boolean().default(true),
  speculative: z
    .strictObject({
      /** Draft checkpoint as a path relative to the model volume, e.g. `Qwen2.5-0.5B-Instruct`. */
      draftModel: z.string().regex(/^(?!\/)(?!.*\.\.).+$/, "must be a path relative to the model volume"),
      numSpeculativeTokens: z.int().min(1).max(16),
    })
    .optional(),
  /** Name clients send as `model`; defaults to the model id. */
  servedModelName: z.string().min(1).optional(),
  /** How long the engine drains in-flight requests after SIGTERM (vLLM `--shutdown-timeout`). */
  shutdownTimeoutSeconds: z.int().min(0).max(3600).default(60),
  /** vLLM multi-node executor: `mp` (vLLM's own multiprocessing, no Ray) or `ray` for images that need it. */
  executor: z.enum(["mp", "ray"]).default("mp"),
  /** Engine flags the typed options do not cover; never secrets (they would show in `ps` and in state). */
  extraArgs: z.array(z.string()).readonly().default([]),
  extraEnv: z.array(extraEnvSchema).readonly().default([]),
});

export const batchJobSchema = z.strictObject({
  /** The batch-inference program each MPI rank runs, e.g. `["python", "/app/infer.py"]`. */
  command: z.array(z.string().min(1)).min(1).readonly(),
  backoffLimit: z.int().min(0).max(20).default(3),
  cleanPodPolicy: z.enum(["Running", "All", "None"]).default("Running"),
  ttlSecondsAfterFinished: z.int().min(0).default(86_400),
});

export const ingressSourcesSchema = z.strictObject({
  gatewayNamespace: z.string().regex(DNS_LABEL).default("istio-system"),
  gatewayPodLabels: z.record(z.string(), z.string()).default({ istio: "ingressgateway" }),
  monitoringNamespace: z.string().regex(DNS_LABEL).default("monitoring"),
});

export const InferenceDeploymentSpec = z.strictObject({
  name: deploymentName,
  namespace: z.string().regex(DNS_LABEL).default("llm-serving"),
  /** Catalogue name, Hugging Face id or path the plan was made for. */
  modelId: z.string().min(1),
  engine: z.enum(ENGINES),
  /** Defaults to the engine's pinned image (BladeLLM has none and must be given one). */
  image: imageSchema.optional(),
  plan: planSchema,
  placement: placementSchema,
  volume: volumeSchema,
  /** Serving replicas (groups for multi-node), or MPI worker pods for Horovod. */
  replicas: positiveInt.max(64).default(1),
  autoscaling: autoscalingSchema.optional(),
  /** GPUs free in the pool beyond what the replicas use; enough for a replica lets rollouts surge. */
  spareGpus: z.int().min(0).default(0),
  engineOptions: engineOptionsSchema.default(engineOptionsSchema.parse({})),
  /** Required for Horovod: the batch job each rank runs. */
  batchJob: batchJobSchema.optional(),
  /** Secret holding the API key; the component generates one when absent (vLLM only). */
  apiKeySecretName: z.string().regex(DNS_LABEL).optional(),
  apiKeySecretKey: z.string().min(1).default("api-key"),
  version: z.string().max(63).regex(LABEL_VALUE).default("v1"),
  /** Lets vLLM run Python shipped with the checkpoint; only for allow-listed models. */
  trustRemoteCode: z.boolean().default(false),
  ingressSources: ingressSourcesSchema.default(ingressSourcesSchema.parse({})),
});

export type InferenceDeploymentSpec = z.output<typeof InferenceDeploymentSpec>;
export type InferenceDeploymentSpecInput = z.input<typeof InferenceDeploymentSpec>;
export type WorkloadPlan = InferenceDeploymentSpec["plan"];
export type EngineOptions = InferenceDeploymentSpec["engineOptions"];
export type ExtraEnv = z.output<typeof extraEnvSchema>;
