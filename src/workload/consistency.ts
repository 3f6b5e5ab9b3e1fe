import { LlmfleetError } from "../errors/index.js";
import { bladeLlmEngineArgs } from "./engines/bladellm.js";
import { vllmEngineArgs } from "./engines/vllm.js";
import { CACHE_DIR } from "./environment.js";
import { DEFAULT_IMAGES, tagVersion, VLLM_WITHOUT_RAY } from "./images.js";
import { enginePodResources, RAY_HOST_GiB } from "./resources.js";
import { usesRayExecutor, workloadShape } from "./shape.js";
import type { InferenceDeploymentSpec } from "./spec.js";

/**
 * Checks across fields that a schema cannot express: the plan fits the engine and the pool, the
 * engine supports the mode, replica bounds agree, and no secret is written as a literal. Returns one
 * error per problem, each naming its field.
 */

type Check = (spec: InferenceDeploymentSpec) => LlmfleetError[];

const planMatchesDeployment: Check = ({ plan, engine, placement }) => {
  const problems: LlmfleetError[] = [];
  if (plan.engine !== engine) {
    problems.push(new LlmfleetError("plan.engine", plan.engine, `the plan was made for ${plan.engine}, not ${engine}`, `plan again with engine ${engine}`));
  }
  if (plan.gpus !== plan.tensorParallel * plan.pipelineParallel) {
    problems.push(new LlmfleetError("plan.gpus", plan.gpus, `must equal tensorParallel × pipelineParallel = ${plan.tensorParallel * plan.pipelineParallel}`, "use the planner's plan unchanged"));
  } else if (engine !== "horovod" && plan.gpus !== plan.nodes * plan.gpusPerNode) {
    problems.push(new LlmfleetError("plan.nodes", plan.nodes, `${plan.nodes} nodes × ${plan.gpusPerNode} GPUs do not hold the plan's ${plan.gpus} GPUs`, "use the planner's plan unchanged"));
  }
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

/** Planning inputs given in engineOptions must be what the plan used: the plan is the single source. */
const optionsMatchPlan: Check = ({ plan, engineOptions: options }) => {
  const planned: [string, unknown, unknown][] = [
    ["maxModelLen", options.maxModelLen, plan.model.maxModelLen],
    ["gpuMemoryUtilization", options.gpuMemoryUtilization, plan.gpuMemoryUtilization],
    ["maxBatchedTokens", options.maxBatchedTokens, plan.maxBatchedTokens],
    ["quantization", options.quantization, plan.quantization],
    ["dtype", options.dtype === "auto" ? undefined : options.dtype, plan.model.dtype],
    ["kvCacheDtype", options.kvCacheDtype === "fp8" ? "fp8" : undefined, plan.kvCacheDtype],
  ];
  return planned
    .filter(([, given, used]) => given !== undefined && given !== used)
    .map(([field, given, used]) => new LlmfleetError(`engineOptions.${field}`, given, `the plan uses ${String(used)}`, "plan again with this value, or leave it out to use the plan's"));
};

const engineSupportsMode: Check = (spec) => {
  const problems: LlmfleetError[] = [];
  const { engine, plan } = spec;
  if (engine === "bladellm" && plan.nodes > 1) {
    problems.push(new LlmfleetError("plan.nodes", plan.nodes, "llmfleet runs BladeLLM on one node per replica", "use a pool with enough GPUs per node, or serve with vllm"));
  }
  if (spec.image === undefined && DEFAULT_IMAGES[engine] === null) {
    problems.push(new LlmfleetError("image", undefined, `${engine} has no default image`, "give the BladeLLM image of your region's PAI-EAS registry, pinned by tag or digest"));
  }
  if (spec.autoscaling !== undefined && engine !== "vllm") {
    problems.push(new LlmfleetError("autoscaling", spec.autoscaling, `${engine} exports no vllm:num_requests_waiting to scale on`, "set a fixed replicas count"));
  }
  if (engine === "horovod" && spec.batchJob === undefined) {
    problems.push(new LlmfleetError("batchJob", undefined, "a Horovod MPIJob needs the batch program each rank runs", 'give batchJob.command, e.g. ["python", "/app/infer.py"]'));
  }
  if (engine !== "horovod" && spec.batchJob !== undefined) {
    problems.push(new LlmfleetError("batchJob", spec.batchJob, `${engine} serves requests; batchJob is for horovod`, "remove batchJob, or use engine horovod"));
  }
  const image = spec.image ?? DEFAULT_IMAGES.vllm;
  const version = image !== null && image.repository === DEFAULT_IMAGES.vllm?.repository ? tagVersion(image.tag) : null;
  if (usesRayExecutor(spec) && version !== null && (version[0] > VLLM_WITHOUT_RAY[0] || (version[0] === VLLM_WITHOUT_RAY[0] && version[1] >= VLLM_WITHOUT_RAY[1]))) {
    problems.push(new LlmfleetError("engineOptions.executor", "ray", `vllm/vllm-openai ${image?.tag ?? ""} ships without Ray`, 'use executor "mp", or an image that includes Ray'));
  }
  return problems;
};

const replicaBounds: Check = ({ replicas, autoscaling }) =>
  autoscaling !== undefined && (replicas < autoscaling.minReplicas || replicas > autoscaling.maxReplicas)
    ? [new LlmfleetError("replicas", replicas, `must lie within autoscaling bounds [${autoscaling.minReplicas}, ${autoscaling.maxReplicas}]`, "leave replicas out or set it within the bounds")]
    : [];

const SECRET_FLAG = /^--?(api[-_]?key|hf[-_]token|token|password|secret)\b/i;
const SECRET_VALUE = /\b(hf_[A-Za-z0-9]{16,}|sk-[A-Za-z0-9_-]{16,})/;
const SECRET_ENV_NAME = /(API_?KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL|ACCESS_?KEY)/i;

/** Flags the typed options and the executor set: repeating them in extraArgs would silently override the plan. */
function ownedFlags(spec: InferenceDeploymentSpec): Set<string> {
  const args = spec.engine === "vllm" ? vllmEngineArgs(spec) : spec.engine === "bladellm" ? bladeLlmEngineArgs(spec) : [];
  const executorFlags = ["--distributed-executor-backend", "--nnodes", "--node-rank", "--master-addr", "--master-port", "--headless", "--trust-remote-code", "--model"];
  return new Set([...args.filter((arg) => arg.startsWith("--")), ...executorFlags]);
}

const noSecretLiterals: Check = (spec) => {
  const problems: LlmfleetError[] = [];
  const owned = ownedFlags(spec);
  spec.engineOptions.extraArgs.forEach((arg, index) => {
    const field = `engineOptions.extraArgs[${index}]`;
    const flag = arg.split("=")[0] ?? arg;
    if (SECRET_FLAG.test(arg) || SECRET_VALUE.test(arg)) {
      problems.push(new LlmfleetError(field, "(redacted)", "secrets on the command line show in process lists, pod specs and Pulumi state", "put the secret in a Secret and pass it with engineOptions.extraEnv secretKeyRef (the API key: apiKeySecretName)"));
    } else if (owned.has(flag)) {
      problems.push(new LlmfleetError(field, arg, `${flag} is set by llmfleet from the plan and the typed options`, "use the typed option (or plan again) instead"));
    }
  });
  spec.engineOptions.extraEnv.forEach((entry, index) => {
    if ("value" in entry && (SECRET_ENV_NAME.test(entry.name) || SECRET_VALUE.test(entry.value))) {
      problems.push(new LlmfleetError(`engineOptions.extraEnv[${index}].value`, "(redacted)", `${entry.name} looks like a secret given as a literal`, `use { name: "${entry.name}", secretKeyRef: { name, key } }`));
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
    enginePodResources(spec, { gpus: workloadShape(spec).gpusPerPod, shmGiB: spec.plan.shmGiB, extraHostGiB: usesRayExecutor(spec) ? RAY_HOST_GiB : 0, erdma: false });
  } catch (error) {
    if (!(error instanceof LlmfleetError)) throw error;
    problems.push(error);
  }
  return problems;
};

const CHECKS: readonly Check[] = [planMatchesDeployment, optionsMatchPlan, engineSupportsMode, replicaBounds, noSecretLiterals, volumeFits];

export function specProblems(spec: InferenceDeploymentSpec): LlmfleetError[] {
  return CHECKS.flatMap((check) => check(spec));
}
