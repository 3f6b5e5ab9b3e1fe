import { engineDefinition } from "../engines/index.js";
import { LlmfleetError } from "../errors/index.js";
// One pattern for credentials in environment names, shared with the no-secret-literals policy rule
// (a secret word as a whole `_`-separated part: HF_TOKEN yes, TOKENIZERS_PARALLELISM no).
import { SECRET_ENV_NAME } from "../policy/rules/secrets.js";
import { CACHE_DIR } from "./environment.js";
import { cachedGiB, COMPILE_CACHE_RESERVE_GIB, fitsNodeCache, RUNAI_CREDENTIAL_ENV } from "./nodeCache.js";
import { enginePodResources } from "./resources.js";
import { workloadShape } from "./shape.js";
import type { InferenceDeploymentSpec } from "./spec.js";

/**
 * Checks across fields that a schema cannot express, once the deployment is planned and placed:
 * the engine supports what is asked of it, the pods fit the pool's nodes, replica bounds agree, and
 * no secret is written as a literal. One error per problem, each naming the deployment's field.
 */

type Check = (spec: InferenceDeploymentSpec) => LlmfleetError[];

/** The pool must hold a pod of the plan: the plan may come from another pool's sizing. */
const placementFits: Check = ({ plan, placement }) => {
  const problems: LlmfleetError[] = [];
  if (plan.gpu.name !== placement.gpu) {
    problems.push(new LlmfleetError("placement.gpu", placement.gpu, `the plan was sized for ${plan.gpu.name} GPUs`, `place the deployment on a ${plan.gpu.name} pool, or plan for ${placement.gpu}`));
  }
  if (plan.gpusPerNode > placement.gpusPerNode) {
    problems.push(
      new LlmfleetError("placement.gpusPerNode", placement.gpusPerNode, `pods need ${plan.gpusPerNode} GPUs each and would never be scheduled`, `use a pool of ${plan.instanceType} or another type with ≥ ${plan.gpusPerNode} GPUs per node`),
    );
  }
  return problems;
};

const engineSupports: Check = (spec) => {
  const engine = engineDefinition(spec.engine);
  const problems: LlmfleetError[] = [];
  if (spec.image === undefined && engine.defaultImage === null) {
    problems.push(new LlmfleetError("image", undefined, `${engine.title} has no default image`, engine.imageAdvice));
  }
  if (spec.autoscaling !== undefined && engine.metrics === null) {
    problems.push(new LlmfleetError("autoscaling", spec.autoscaling, `llmfleet reads no queue metric from ${engine.title} to scale on`, "set a fixed replicas count"));
  }
  if (spec.autoscaling?.scaleToZero === true && spec.route === undefined) {
    problems.push(
      new LlmfleetError(
        "autoscaling.scaleToZero",
        true,
        "with no replica running there is no engine metric, and only the gateway's request count for the deployment's route can wake it; this deployment is behind no route",
        "put the deployment behind a route (routes[] in a stack; the route argument with ServiceMesh), or remove scaleToZero",
      ),
    );
  }
  return [...problems, ...engine.problems(spec)];
};

/** A serving engine's batch mode: an indexed Job of whole single-node replicas writing to an output location. */
const batchModeFits: Check = (spec) => {
  const engine = engineDefinition(spec.engine);
  if (spec.batchJob === undefined || engine.workload.kind === "mpi-batch") return [];
  if (engine.indexedBatch === undefined) {
    return [new LlmfleetError("batchJob", "(given)", `${engine.title} has no offline batch mode in llmfleet`, "remove batchJob, or use engine vllm (vllm run-batch) or horovod")];
  }
  const problems: LlmfleetError[] = [];
  if (spec.batchJob.output === undefined) {
    problems.push(new LlmfleetError("batchJob.output", undefined, "a batch job needs somewhere to write its results, and /models is read-only", "give batchJob.output, an OSS prefix such as oss://<bucket>/<folder>/"));
  }
  if (spec.batchJob.command !== undefined) {
    problems.push(new LlmfleetError("batchJob.command", spec.batchJob.command.join(" "), `${engine.title} batch jobs always run the engine's own batch entrypoint`, "remove batchJob.command (it is for horovod)"));
  }
  if (spec.plan.nodes > 1) {
    problems.push(new LlmfleetError("batchJob", "(given)", `one shard needs ${spec.plan.nodes} nodes, and a batch shard runs as one pod`, "use a pool whose nodes hold a whole replica, or a smaller tensorParallel/pipelineParallel"));
  }
  if (spec.autoscaling !== undefined) {
    problems.push(new LlmfleetError("autoscaling", "(given)", "a batch job runs a fixed number of shards (replicas) to completion", "remove autoscaling and set replicas to the number of shards"));
  }
  if (spec.route !== undefined) {
    problems.push(new LlmfleetError("batchJob", "(given)", "a batch job serves no requests, so it cannot stand behind a route", "remove the deployment from the route, or remove batchJob"));
  }
  return problems;
};

const replicaBounds: Check = ({ replicas, autoscaling }) =>
  autoscaling !== undefined && (replicas < autoscaling.minReplicas || replicas > autoscaling.maxReplicas)
    ? [new LlmfleetError("replicas", replicas, `must lie within autoscaling bounds [${autoscaling.minReplicas}, ${autoscaling.maxReplicas}]`, "leave replicas out or set it within the bounds")]
    : [];

const SECRET_FLAG = /^--?(api[-_]?key|hf[-_]token|token|password|secret)\b/i;
const SECRET_VALUE = /\b(hf_[A-Za-z0-9]{16,}|sk-[A-Za-z0-9_-]{16,})/;
const noSecretLiterals: Check = (spec) => {
  const problems: LlmfleetError[] = [];
  const owned = new Set(engineDefinition(spec.engine).ownedFlags);
  spec.extraArgs.forEach((arg, index) => {
    const field = `extraArgs[${index}]`;
    const flag = arg.split("=")[0] ?? arg;
    if (SECRET_FLAG.test(arg) || SECRET_VALUE.test(arg)) {
      problems.push(new LlmfleetError(field, "(redacted)", "secrets on the command line show in process lists, pod specs and Pulumi state", "put the secret in a Secret and pass it with extraEnv secretKeyRef (the API key: apiKeySecretName)"));
    } else if (owned.has(flag)) {
      problems.push(new LlmfleetError(field, arg, `${flag} is set by llmfleet from the plan and the typed options`, "use the typed option (or plan again) instead"));
    }
  });
  spec.extraEnv.forEach((entry, index) => {
    if ("value" in entry && (SECRET_ENV_NAME.test(entry.name) || SECRET_VALUE.test(entry.value))) {
      problems.push(new LlmfleetError(`extraEnv[${index}].value`, "(redacted)", `${entry.name} looks like a secret given as a literal`, `use { name: "${entry.name}", secretKeyRef: { name, key } }`));
    }
  });
  return problems;
};

const RESERVED_MOUNTS = ["/dev/shm", CACHE_DIR, "/tmp"];

const volumeFits: Check = (spec) => {
  const problems: LlmfleetError[] = [];
  const mountPath = spec.volume.mountPath.replace(/\/+$/, "");
  if (RESERVED_MOUNTS.some((reserved) => mountPath === reserved || mountPath.startsWith(`${reserved}/`)) || mountPath === "") {
    problems.push(new LlmfleetError("volume.mountPath", spec.volume.mountPath, "collides with a path the pod mounts itself", "mount the model under /models"));
  }
  try {
    enginePodResources(spec, { gpus: workloadShape(spec).gpusPerPod, shmGiB: spec.plan.shmGiB, erdma: false });
  } catch (error) {
    if (!(error instanceof LlmfleetError)) throw error;
    problems.push(error);
  }
  return problems;
};

/** The chosen load path must exist on the pool and suit the engine. */
const weightsCacheFits: Check = (spec) => {
  const engine = engineDefinition(spec.engine);
  const disk = spec.placement.modelCache;
  if (spec.weightsCache === "node-disk" && disk === undefined) {
    return [new LlmfleetError("weightsCache", "node-disk", `pool ${spec.placement.poolName} has no data disk to cache the weights on`, "give the pool a dataDiskGiB (mounted at /mnt/model-cache), or set weightsCache: none")];
  }
  if (spec.weightsCache === "node-disk" && disk !== undefined && !fitsNodeCache(spec.plan.model.weightBytes, disk)) {
    const needGiB = cachedGiB(spec.plan.model.weightBytes) + COMPILE_CACHE_RESERVE_GIB;
    return [new LlmfleetError("weightsCache", "node-disk", `the weights (${cachedGiB(spec.plan.model.weightBytes)} GiB) and the compile caches (${COMPILE_CACHE_RESERVE_GIB} GiB) do not fit pool ${spec.placement.poolName}'s ${disk.diskGiB} GiB data disk`, `raise the pool's dataDiskGiB to at least ${needGiB}, or set weightsCache: none`)];
  }
  if (spec.weightsCache === "runai-streamer" && spec.engine !== "vllm") {
    return [new LlmfleetError("weightsCache", "runai-streamer", `the Run:ai Model Streamer is a vLLM load format (--load-format runai_streamer); ${engine.title} has no such loader`, "use weightsCache: node-disk (the pool needs a dataDiskGiB) or none")];
  }
  if (spec.weightsCache === "runai-streamer" && spec.volume.objectStore === undefined) {
    return [new LlmfleetError("weightsCache", "runai-streamer", "the streamer reads an S3-compatible object store, and this model storage is not OSS", "use weightsCache: node-disk or none")];
  }
  if (spec.weightsCache === "runai-streamer") {
    const fromSecrets = new Set(spec.extraEnv.filter((entry) => "secretKeyRef" in entry).map((entry) => entry.name));
    const missing = RUNAI_CREDENTIAL_ENV.filter((name) => !fromSecrets.has(name));
    if (missing.length > 0) {
      return [
        new LlmfleetError(
          "weightsCache",
          "runai-streamer",
          `the streamer reads OSS through its S3-compatible API, which takes an AccessKey, and ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} not given from a Secret (the ossfs mount's RRSA role is not usable by the engine)`,
          "create a Secret with the AccessKey of a RAM user that may only read the bucket and add extraEnv entries { name: AWS_ACCESS_KEY_ID, secretKeyRef: { name, key } } and { name: AWS_SECRET_ACCESS_KEY, secretKeyRef: { name, key } }; or use weightsCache: node-disk",
        ),
      ];
    }
  }
  return [];
};

const CHECKS: readonly Check[] = [placementFits, engineSupports, batchModeFits, replicaBounds, noSecretLiterals, volumeFits, weightsCacheFits];

export function specProblems(spec: InferenceDeploymentSpec): LlmfleetError[] {
  return CHECKS.flatMap((check) => check(spec));
}
