/**
 * One inference deployment, described once: the stack file's `deployments[]` entries (this schema
 * plus `pool`) and the `InferenceDeployment` component's arguments (these fields plus what only a
 * program can pass: placement, volume, providers) are both this schema, with one default and one
 * bound per field. Validated once at the edge with `parseWith`.
 */
import { z } from "zod";
import { ENGINES } from "../engines/index.js";
import { patternString } from "../errors/patterns.js";
import { dnsLabel, envVarName } from "../k8s/names.js";
import { KV_CACHE_DTYPES, WEIGHT_DTYPES } from "../model/types.js";
import { batchOutputUrl } from "../batch/outputLocation.js";

const positiveInt = z.int().min(1);

/** ≤ 40 characters: LeaderWorkerSet and MPIJob derive pod host names (≤ 63) from it with group and index suffixes. */
export const deploymentName = dnsLabel(40);

/** A path inside the model storage: relative, no `..`. */
export const storagePath = patternString(
  /^(?!\/)(?!.*(^|\/)\.\.(\/|$)).+$/,
  "must be a folder relative to the model storage, without a leading '/' or '..'",
  "write the folder as it appears in the bucket or file system, e.g. Qwen2.5-7B-Instruct",
);

const imageRepository = patternString(
  /^[a-z0-9]+([._\-/:][a-z0-9]+)*$/,
  "must be an image repository without a tag or digest, e.g. vllm/vllm-openai",
  "put the tag in image.tag or the digest in image.digest",
);

const imageTag = patternString(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, "must be a Docker tag", "use the release tag, e.g. v0.18.0").refine(
  (tag) => tag !== "latest",
  "latest is not a pin: the image would change under a running deployment",
);

const imageDigest = patternString(/^sha256:[a-f0-9]{64}$/, "must be sha256:<64 hex digits>", "copy the digest from the registry, e.g. sha256:3f2a…");

/** `repository:tag` or `repository@sha256:…`, as written in a stack file. */
const imageReference = patternString(
  /^[a-z0-9]+([._\-/:][a-z0-9]+)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@sha256:[a-f0-9]{64})$/,
  "must be an image pinned by tag or digest, e.g. vllm/vllm-openai:v0.18.0",
  "add the tag (repository:tag) or the digest (repository@sha256:…)",
).refine((reference) => !reference.endsWith(":latest"), "latest is not a pin: the image would change under a running deployment");

export const imageObjectSchema = z
  .strictObject({
    /** Registry and repository, without tag or digest, e.g. `vllm/vllm-openai`. */
    repository: imageRepository,
    /** Release tag; never `latest`. */
    tag: imageTag.optional(),
    /** `sha256:…`; wins over the tag. */
    digest: imageDigest.optional(),
    /** UID the image runs as when it was built with a non-root user; omitted keeps the image's default (root, with the documented waiver). */
    runAsUser: z.int().min(1).optional(),
  })
  .refine((image) => image.tag !== undefined || image.digest !== undefined, {
    message: "an image must be pinned by tag or digest",
    path: ["tag"],
    params: { fix: "give image.tag (e.g. v0.18.0) or image.digest (sha256:…)" },
  });

/** The kube-prometheus-stack Prometheus the stack deploys with `monitoring.mode: kube-prometheus-stack`. */
export const DEFAULT_PROMETHEUS_ADDRESS = "http://prometheus-operated.monitoring.svc:9090";

const autoscaling = z
  .strictObject({
    /** Replicas (groups for multi-node) the deployment never goes below. */
    minReplicas: positiveInt,
    /** Replicas it never goes above; at most 64. */
    maxReplicas: positiveInt.max(64),
    /** Target of the engine's queued-requests metric per replica (production-stack scales at 5). Default 5. */
    waitingRequestsPerReplica: z.number().positive().default(5),
    /** Scale-down stabilisation window in seconds; below 300 replicas thrash while models take minutes to load. Default 300. */
    scaleDownStabilizationSeconds: z.int().min(300).default(300),
    /**
     * Prometheus that scrapes the engine's `/metrics` with llmfleet's engine ServiceMonitor (the query
     * selects its `job` and `deployment` labels). Default the kube-prometheus-stack Service in
     * `monitoring`, which a stack only has with `monitoring.mode: kube-prometheus-stack`.
     */
    prometheusAddress: z.url().default(DEFAULT_PROMETHEUS_ADDRESS),
    /**
     * Scale to zero replicas when the deployment's route has had no request for
     * `scaleDownStabilizationSeconds`, and back to `minReplicas` on the next one. The cost is a cold
     * start: the requests that wake it get 503 from the gateway (no healthy endpoint) until a replica
     * has loaded — the start the preview prints, plus scheduling, plus a node if the pool has to grow.
     * Needs a route (the gateway's request count is the only signal left when no pod runs). Default false.
     */
    scaleToZero: z.boolean().default(false),
  })
  .refine((a) => a.maxReplicas >= a.minReplicas, {
    message: "must be ≥ minReplicas",
    path: ["maxReplicas"],
    params: { fix: "make maxReplicas at least minReplicas" },
  });

const secretKeyRef = z.strictObject({ name: dnsLabel(), key: z.string().min(1) });
export const extraEnvSchema = z.union([
  z.strictObject({ name: envVarName(), value: z.string() }),
  z.strictObject({ name: envVarName(), secretKeyRef }),
]);

const speculative = z.strictObject({
  /** Draft checkpoint as a folder of the model storage, e.g. `Qwen2.5-0.5B-Instruct`. */
  draftModel: storagePath,
  /** Tokens the draft proposes per step (1–16). */
  numSpeculativeTokens: z.int().min(1).max(16),
});

const batchJob = z.strictObject({
  /**
   * The program each MPI rank runs, e.g. `["python", "/models/jobs/batch_infer.py"]`. Default (Horovod):
   * llmfleet's shipped `horovod_batch_infer.py` (docs/batch.md) over `input` into `output`. vLLM
   * batch jobs always run `vllm run-batch`.
   */
  command: z.array(z.string().min(1)).min(1).readonly().optional(),
  /**
   * The prompts: a JSONL file inside the model storage (mounted read-only at `/models`). Horovod: one
   * `{"id", "prompt", optional max_new_tokens/temperature}` per line; vLLM: the OpenAI batch format.
   * Default `jobs/<name>/input.jsonl`.
   */
  input: storagePath.optional(),
  /** Where results are written: an OSS prefix `oss://<bucket>/<prefix>/`, writable only by this job's own RAM role. */
  output: batchOutputUrl.optional(),
  /** Tokens generated per prompt unless a line sets `max_new_tokens` (Horovod script). Default 256. */
  maxNewTokens: z.int().min(1).max(32_768).default(256),
  /** Sampling temperature unless a line sets `temperature`; 0 decodes greedily (Horovod script). Default 0. */
  temperature: z.number().min(0).max(2).default(0),
  /** Retries of the whole job (MPIJob). Default 3. */
  backoffLimit: z.int().min(0).max(20).default(3),
  /** Retries of one shard before it counts as failed (vLLM indexed Job). Default 2. */
  backoffLimitPerIndex: z.int().min(0).max(20).default(2),
  /** Seconds the job may run before Kubernetes stops it; unset: no limit. */
  activeDeadlineSeconds: z.int().min(60).optional(),
  /** Pods removed when the job finishes. Default `Running`. */
  cleanPodPolicy: z.enum(["Running", "All", "None"]).default("Running"),
  /** Seconds a finished job is kept. Default 86400. */
  ttlSecondsAfterFinished: z.int().min(0).default(86_400),
});

const ingressSources = z.strictObject({
  /** Namespace of the mesh ingress gateway. Default `istio-system`. */
  gatewayNamespace: dnsLabel().default("istio-system"),
  /** Labels of the gateway pods. Default `{istio: ingressgateway}`. */
  gatewayPodLabels: z.record(z.string(), z.string()).default({ istio: "ingressgateway" }),
  /** Namespace of the Prometheus that scrapes the engine. Default `monitoring`. */
  monitoringNamespace: dnsLabel().default("monitoring"),
  /**
   * Labels of the Prometheus pods there: only they reach the engine port (where vLLM's `/invocations`
   * and `/tokenize` answer without a key), not the whole namespace. Default the labels
   * prometheus-operator puts on every Prometheus pod (`pkg/prometheus/server/statefulset.go`).
   */
  prometheusPodLabels: z.record(z.string(), z.string()).default({ "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/managed-by": "prometheus-operator" }),
});

/** Branch and moving names: a revision must name one immutable checkpoint. */
const MOVING_REVISIONS = ["main", "master", "latest", "head"];

const hubRevision = patternString(
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/,
  "must be a commit hash or a release tag of the repository",
  "copy the commit hash from the hub's file list (e.g. a09a3545…) or a tag such as v1.0.0",
).refine((revision) => !MOVING_REVISIONS.includes(revision.toLowerCase()), {
  message: "is a branch that moves: a new commit would change the weights under a running deployment and the same folder would hold two checkpoints",
  params: { fix: "pin the commit hash the branch points at today (the hub's file list shows it), or a release tag" },
});

const hubRepo = patternString(/^[A-Za-z0-9][A-Za-z0-9._-]*\/[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be a hub repository id owner/name", "write it as on the hub, e.g. Qwen/Qwen2.5-7B-Instruct");

const remoteModelSource = z
  .strictObject({
    /** `modelscope` (the natural source in mainland China) or `huggingface`. */
    hub: z.enum(["modelscope", "huggingface"]),
    /** Repository id on the hub, e.g. `Qwen/Qwen2.5-7B-Instruct`. */
    repo: hubRepo,
    /**
     * Commit hash or tag the fetch Job downloads; required and never a branch (`main`, `master`):
     * the folder `<model>@<revision>/` must hold exactly one checkpoint, and a new revision runs a new Job.
     */
    revision: hubRevision.optional(),
    /**
     * Hugging Face only: a mirror of the Hub API (sets `HF_ENDPOINT`), e.g. `https://hf-mirror.com`.
     * Needed in mainland China regions, where huggingface.co is not reachable. Default: huggingface.co.
     */
    endpoint: z.url().optional(),
  })
  .superRefine((source, context) => {
    if (source.revision === undefined) {
      context.addIssue({
        code: "custom",
        path: ["revision"],
        message: "is required: without a pinned commit or tag the hub serves whatever its main branch holds that day, so two fetches could write different weights into one folder",
        params: { fix: "add revision: the commit hash from the hub's file list, or a release tag" },
      });
    }
    if (source.endpoint !== undefined && source.hub !== "huggingface") {
      context.addIssue({ code: "custom", path: ["endpoint"], message: "only a Hugging Face source reads a mirror endpoint", params: { fix: "remove endpoint, or use hub: huggingface" } });
    }
  });

/** Where a deployment's weights come from. */
export const modelSourceSchema = z.discriminatedUnion("hub", [
  z.strictObject({
    /** The weights are already in the model storage (you uploaded them). */
    hub: z.literal("storage"),
  }),
  remoteModelSource,
]);

/** How the engine reads the weights: `node-disk` copies them to the pool's data disk once per node. */
export const WEIGHTS_CACHES = ["node-disk", "none", "runai-streamer"] as const;

/** Spellings that still work and print a deprecation warning naming the new key (see `deprecatedKeys.ts`). */
const deprecatedFields = {
  /** @deprecated use `tensorParallel` and `pipelineParallel`. */
  parallelism: z.strictObject({ tensor: positiveInt.optional(), pipeline: positiveInt.optional() }).optional(),
  /** @deprecated use `batchJob.command`. */
  batchCommand: z.array(z.string().min(1)).min(1).optional(),
  /** @deprecated use `name`. */
  deploymentName: deploymentName.optional(),
  /** @deprecated its fields are now top-level deployment fields of the same name. */
  engineOptions: z
    .strictObject({
      maxModelLen: positiveInt.optional(),
      gpuMemoryUtilization: z.number().gt(0).lte(1).optional(),
      dtype: z.enum(["auto", ...WEIGHT_DTYPES]).optional(),
      kvCacheDtype: z.enum(KV_CACHE_DTYPES).optional(),
      maxBatchedTokens: positiveInt.optional(),
      prefixCaching: z.boolean().optional(),
      speculative: speculative.optional(),
      servedModelName: z.string().min(1).optional(),
      shutdownTimeoutSeconds: z.int().min(0).max(3600).optional(),
      executor: z.enum(["mp", "ray"]).optional(),
      extraArgs: z.array(z.string()).readonly().optional(),
      extraEnv: z.array(extraEnvSchema).readonly().optional(),
    })
    .optional(),
};

export const deploymentFields = {
  /** Name of the workload, its Service and its pods (DNS label, ≤ 40 characters). The stack requires it; a component defaults to its resource name. */
  name: deploymentName.optional(),
  /** Catalogue name (`llmfleet plan --list-models`), Hugging Face id from the catalogue, or a path to a config.json. */
  model: z.string().min(1),
  /** Serving engine; `horovod` runs distributed batch inference as an MPIJob. Default `vllm`. */
  engine: z.enum(ENGINES).default("vllm"),
  /** Value of the `llmfleet.io/version` label and the mesh subset (canaries route by it); a DNS label. Default `v1`. */
  version: dnsLabel().default("v1"),
  /** Folder of the weights inside the model storage. Default: the catalogue model's Hugging Face folder (e.g. `Qwen2.5-7B-Instruct`). */
  modelPath: storagePath.optional(),
  /**
   * Where the weights come from: `{hub: storage}` (already in the model storage, under `modelPath`),
   * or `{hub: modelscope | huggingface, repo, revision}`, which a one-shot fetch Job downloads into
   * `<modelPath>@<revision>/` of the bucket before the pods start (docs/weights.md). Default `{hub: storage}`.
   */
  modelSource: modelSourceSchema.default({ hub: "storage" }),
  /**
   * How the engine reads the weights: `node-disk` (copied once per node and revision to the pool's
   * data disk at /mnt/model-cache, then read locally; compile caches there too), `none` (read from
   * the storage mount), or `runai-streamer` (vLLM only: streamed from OSS's S3-compatible endpoint,
   * with a read-only AccessKey as `extraEnv` `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` from a Secret). Default `node-disk` when
   * the pool has a data disk that holds the model, else `none`.
   */
  weightsCache: z.enum(WEIGHTS_CACHES).optional(),
  /** Serving replicas (groups for multi-node), or MPI worker pods for Horovod. Default 1, or `autoscaling.minReplicas`. */
  replicas: positiveInt.max(64).optional(),
  /** Scaling on the engine's queued requests through KEDA. Default: a fixed `replicas`. */
  autoscaling: autoscaling.optional(),
  /** Tensor-parallel degree (GPUs per model shard, inside a node); validated by the planner. Default: planned. */
  tensorParallel: positiveInt.optional(),
  /** Pipeline-parallel degree (stages, across nodes); validated by the planner. Default: planned. */
  pipelineParallel: positiveInt.optional(),
  /** Longest prompt + output in tokens. Default: the model's context (`max_position_embeddings`). */
  maxModelLen: positiveInt.optional(),
  /** Weight precision; `auto` is the checkpoint's quantisation, else bf16 where the GPU has it, else fp16. Default `auto`. */
  dtype: z.enum(["auto", ...WEIGHT_DTYPES]).default("auto"),
  /** KV-cache precision: `auto` (the activation dtype) or `fp8`. Default `auto`. */
  kvCacheDtype: z.enum(KV_CACHE_DTYPES).default("auto"),
  /** Fraction of GPU memory the engine takes. Default: the engine's (vLLM 0.9, BladeLLM 0.85, SGLang 0.85). */
  gpuMemoryUtilization: z.number().gt(0).lte(1).optional(),
  /** Token budget of one scheduler step (vLLM `--max-num-batched-tokens`, SGLang `--chunked-prefill-size`). Default: the engine's. */
  maxBatchedTokens: positiveInt.optional(),
  /**
   * Sequences of `maxModelLen` tokens one replica should hold in its KV cache at once; a plan with
   * fewer warns and names the changes that would raise it (fp8 KV cache, fp8 weights, one more GPU).
   * 0 never warns. Default 4.
   */
  minConcurrentSequences: z.int().min(0).default(4),
  /** Reuse the KV cache of shared prompt prefixes. Default true. */
  prefixCaching: z.boolean().default(true),
  /** Speculative decoding with a draft model from the same storage. Default off. */
  speculative: speculative.optional(),
  /** Name clients send as `model`. Default: the planned model's id (the catalogue name). */
  servedModelName: z.string().min(1).optional(),
  /** Seconds the engine drains in-flight requests after SIGTERM. Default 60. */
  shutdownTimeoutSeconds: z.int().min(0).max(3600).default(60),
  /** vLLM multi-node executor: `mp` (vLLM's own multiprocessing) or `ray` for images that need it. Default `mp`. */
  executor: z.enum(["mp", "ray"]).default("mp"),
  /** Engine flags the typed options do not cover; never secrets (they would show in `ps` and in state). Default none. */
  extraArgs: z.array(z.string()).readonly().default([]),
  /** Extra container environment: a literal `value` or a `secretKeyRef`. Default none. */
  extraEnv: z.array(extraEnvSchema).readonly().default([]),
  /** Engine image: `repository:tag`, `repository@sha256:…`, or `{repository, tag | digest, runAsUser}`. Default: the engine's pinned image (BladeLLM has none). */
  image: z.union([imageReference, imageObjectSchema]).optional(),
  /** A batch job instead of a server: Horovod's MPIJob, or vLLM's `run-batch` as an indexed Job (docs/batch.md). */
  batchJob: batchJob.optional(),
  /** Existing Secret with the API key. Default: a generated 48-character key in `<name>-api-key`. */
  apiKeySecretName: dnsLabel().optional(),
  /** Key of the API key inside the Secret. Default `api-key`. */
  apiKeySecretKey: z.string().min(1).default("api-key"),
  /** Lets the engine run Python shipped with the checkpoint; only for allow-listed models. Default false. */
  trustRemoteCode: z.boolean().default(false),
  /** GPUs free in the pool beyond what the replicas use; a replica's worth lets rollouts surge. Default 0. */
  spareGpus: z.int().min(0).default(0),
  /** Who may reach the API: the mesh ingress gateway, and the Prometheus pods of the monitoring namespace. */
  ingressSources: ingressSources.default({
    gatewayNamespace: "istio-system",
    gatewayPodLabels: { istio: "ingressgateway" },
    monitoringNamespace: "monitoring",
    prometheusPodLabels: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/managed-by": "prometheus-operator" },
  }),
  ...deprecatedFields,
};

/** A deployment as written (component arguments, or a stack entry without `pool`). */
export const deploymentSchema = z.strictObject(deploymentFields);

export type DeploymentInput = z.input<typeof deploymentSchema>;
export type DeploymentFields = z.output<typeof deploymentSchema>;
export type DeprecatedKey = keyof typeof deprecatedFields;
export type ImageInput = z.output<typeof imageObjectSchema>;
export type ExtraEnv = z.output<typeof extraEnvSchema>;
export type ModelSource = z.output<typeof modelSourceSchema>;
export type WeightsCache = (typeof WEIGHTS_CACHES)[number];
