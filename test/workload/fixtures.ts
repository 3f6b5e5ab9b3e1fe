import type { ModelVolume, PoolPlacement } from "../../src/cluster/types.js";
import type { KubernetesObject } from "../../src/k8s/types.js";
import type { Plan } from "../../src/planner/types.js";
import { resolveInferenceDeployment, type InferenceDeploymentInput } from "../../src/deployment/index.js";
import type { InferenceDeploymentSpec } from "../../src/workload/spec.js";

/** Small hand-made inputs for the workload builders: one pool per shape the builders distinguish. */

const gpuToleration = { key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" } as const;

function pool(name: string, gpu: string, instanceType: string, gpusPerNode: number, cpu: number, memoryMiB: number, erdma: boolean): PoolPlacement {
  return {
    poolName: name,
    nodeSelector: { "llmfleet.io/pool": name, "llmfleet.io/gpu": gpu },
    tolerations: [gpuToleration],
    instanceType,
    gpu,
    gpusPerNode,
    allocatableCpuMillis: cpu,
    allocatableMemoryMiB: memoryMiB,
    erdma,
  };
}

/** One A10 per node (gn7i-c8g1.2xlarge: 8 vCPU, 30 GiB). */
export const a10Pool = pool("a10", "A10", "ecs.gn7i-c8g1.2xlarge", 1, 7_600, 27_000, false);
/** Four A10 per node (gn7i-4x.16xlarge: 64 vCPU, 256 GiB). */
export const a10x4Pool = pool("a10x4", "A10", "ecs.gn7i-4x.16xlarge", 4, 63_000, 240_000, false);
/** Eight H20 per node with eRDMA (gn8v-8x.48xlarge: 192 vCPU, 1024 GiB). */
export const h20Pool = pool("h20", "H20", "ecs.gn8v-8x.48xlarge", 8, 190_000, 1_000_000, true);
/** One T4 per node (gn6i-c4g1.xlarge). */
export const t4Pool = pool("t4", "T4", "ecs.gn6i-c4g1.xlarge", 1, 3_600, 13_000, false);

export const modelVolume: ModelVolume = {
  claimName: "models",
  mountPath: "/models",
  readThroughputMiBps: 400,
  serviceAccountName: null,
};

export function plan(overrides: Partial<Plan> = {}): Plan {
  return {
    model: {
      id: "qwen2.5-7b-instruct",
      family: "qwen2",
      parameters: 7.6e9,
      layers: 28,
      attentionHeads: 28,
      kvHeads: 4,
      headDim: 128,
      kvBytesPerToken: 57_344,
      weightBytes: 15.2e9,
      dtype: "bf16",
      maxModelLen: 32_768,
    },
    engine: "vllm",
    gpu: { name: "A10", memoryGiB: 22.5 },
    instanceType: "ecs.gn7i-c8g1.2xlarge",
    gpusPerNode: 1,
    nodes: 1,
    tensorParallel: 1,
    pipelineParallel: 1,
    gpus: 1,
    perGpu: { usableGiB: 20.25, weightsGiB: 14.16, overheadGiB: 2.5, kvCacheGiB: 3.59 },
    kvCacheDtype: "bf16",
    quantization: null,
    gpuMemoryUtilization: 0.9,
    maxBatchedTokens: 8192,
    kvCacheTokens: 67_000,
    maxConcurrency: 2,
    shmGiB: 2,
    warnings: [],
    ...overrides,
  };
}

/** A 405B-class model on two H20 nodes: TP 8 × PP 2. */
export const multiNodePlan = plan({
  model: { ...plan().model, id: "llama-3.1-405b-instruct", family: "llama", weightBytes: 410e9, layers: 126, maxModelLen: 16_384, dtype: "fp8" },
  gpu: { name: "H20", memoryGiB: 95 },
  instanceType: "ecs.gn8v-8x.48xlarge",
  gpusPerNode: 8,
  nodes: 2,
  tensorParallel: 8,
  pipelineParallel: 2,
  gpus: 16,
  quantization: "fp8",
  kvCacheDtype: "fp8",
  shmGiB: 16,
});

export function specInput(overrides: Partial<InferenceDeploymentInput> = {}): InferenceDeploymentInput {
  return { name: "qwen", model: "qwen2.5-7b-instruct", engine: "vllm", plan: plan(), placement: a10Pool, volume: modelVolume, ...overrides };
}

/** Resolves component-style input into the builders' spec; errors name fields without a root. */
export function parseSpec(input: InferenceDeploymentInput): InferenceDeploymentSpec {
  return resolveInferenceDeployment("qwen", input, "").spec;
}

/** The engine modes, as validated specs. */
export const modes: Readonly<Record<string, () => InferenceDeploymentSpec>> = {
  "vLLM single node": () => parseSpec(specInput({ replicas: 2 })),
  "vLLM multi-node (multiprocessing)": () =>
    parseSpec(specInput({ name: "llama", model: "llama-3.1-405b-instruct", plan: multiNodePlan, placement: h20Pool, replicas: 2 })),
  "vLLM multi-node (Ray)": () =>
    parseSpec(specInput({ name: "llama", model: "llama-3.1-405b-instruct", plan: multiNodePlan, placement: h20Pool, executor: "ray" })),
  BladeLLM: () =>
    parseSpec(
      specInput({
        engine: "bladellm",
        image: { repository: "eas-registry-vpc.cn-hangzhou.cr.aliyuncs.com/pai-eas/bladellm", tag: "0.9.0" },
        plan: plan({ engine: "bladellm", gpusPerNode: 2, gpus: 2, tensorParallel: 2, gpuMemoryUtilization: 0.85, maxBatchedTokens: 2048, shmGiB: 64, instanceType: "ecs.gn7i-4x.16xlarge" }),
        placement: a10x4Pool,
      }),
    ),
  "Horovod MPIJob": () =>
    parseSpec(
      specInput({
        engine: "horovod",
        plan: plan({ engine: "horovod", gpusPerNode: 4, instanceType: "ecs.gn7i-4x.16xlarge", maxBatchedTokens: 4096, shmGiB: 16 }),
        placement: a10x4Pool,
        replicas: 2,
        batchJob: { command: ["python", "/app/batch_infer.py", "--input", "/data/prompts.jsonl"] },
      }),
    ),
};

/** A container with the role label of its pod (undefined for single-pod replicas). */
export interface PodContainer {
  readonly role: string | undefined;
  readonly pod: Record<string, unknown>;
  readonly container: Record<string, unknown>;
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

/** Follows a path of keys through plain data. */
export function at(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>((current, key) => asRecord(current)[key], value);
}

/** Every pod template inside Deployments, LeaderWorkerSets and MPIJobs, with its first container. */
export function podContainers(objects: readonly KubernetesObject[]): PodContainer[] {
  const templates = objects.flatMap((object) => {
    if (object.kind === "Deployment") return [at(object, "spec", "template")];
    if (object.kind === "LeaderWorkerSet") return [at(object, "spec", "leaderWorkerTemplate", "leaderTemplate"), at(object, "spec", "leaderWorkerTemplate", "workerTemplate")];
    if (object.kind === "MPIJob") return [at(object, "spec", "mpiReplicaSpecs", "Launcher", "template"), at(object, "spec", "mpiReplicaSpecs", "Worker", "template")];
    return [];
  });
  return templates.map((template) => {
    const containers = at(template, "spec", "containers");
    const container = Array.isArray(containers) ? asRecord(containers[0]) : {};
    const role = at(template, "metadata", "labels", "llmfleet.io/role");
    return { role: typeof role === "string" ? role : undefined, pod: asRecord(at(template, "spec")), container };
  });
}

/** `1234Mi` → 1234. */
export function mebibytes(quantity: unknown): number {
  const match = /^(\d+)Mi$/.exec(String(quantity));
  if (!match) throw new Error(`not a Mi quantity: ${String(quantity)}`);
  return Number(match[1]);
}

/** The value that follows `flag` on a command line. */
export function flagValue(words: readonly string[], flag: string): string | undefined {
  const index = words.indexOf(flag);
  return index < 0 ? undefined : words[index + 1];
}
