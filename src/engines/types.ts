/**
 * What llmfleet knows about one serving engine, in one place: how the planner sizes it, how its
 * container is started, probed and hardened, which image it defaults to, what the autoscaler and the
 * dashboards read. Each engine folder (`src/engines/<name>/`) exports one `EngineDefinition`;
 * nothing outside those folders switches on an engine's name.
 */
import type { Plan } from "../planner/types.js";
import type { LlmfleetError } from "../errors/index.js";
import type { GpuModel } from "../gpu/types.js";
import type { ModelArchitecture, WeightDtype } from "../model/types.js";
import type { MemoryBudget, MemoryInputs } from "../planner/memory.js";
import type { ServingMetrics } from "../monitoring/servingMetrics.js";
import type { EnvVar } from "../workload/environment.js";
import type { ImageRef } from "../workload/images.js";
import type { ProbeSet } from "../workload/probes.js";
import type { InferenceDeploymentSpec } from "../workload/spec.js";

/** Where a pod sits in its replica: a whole replica, or the leader or a worker of a multi-node group. */
export type GroupRole = "single" | "leader" | "worker";

export interface ContainerCommand {
  readonly command: readonly string[];
  readonly args: readonly string[];
}

/** How the planner sizes a replica for this engine. */
export interface EnginePlanning {
  /** Fraction of GPU memory the engine takes by default for one split (vLLM `gpu_memory_utilization`, SGLang `mem_fraction_static`). */
  defaultGpuMemoryUtilization(split: { readonly gpu: GpuModel; readonly tensorParallel: number; readonly pipelineParallel: number; readonly maxBatchedTokens: number }): number;
  /** Default token budget of one scheduler step (chunked-prefill size) on this GPU. */
  defaultMaxBatchedTokens(gpu: GpuModel): number;
  /** The engine can split one model over several GPUs (TP/PP). */
  readonly modelParallel: boolean;
  /** One replica can span several nodes (a LeaderWorkerSet group). */
  readonly multiNode: boolean;
  /** `/dev/shm` per pod in GiB for a pod with `gpusPerPod` GPUs in a replica of `nodes` nodes. */
  shmGiB(gpusPerPod: number, nodes: number): number;
  /** Throws an error with field `engine` when the engine cannot serve this model on this GPU at all. */
  checkCompatibility(model: ModelArchitecture, gpu: GpuModel): void;
  /** The per-GPU memory budget of one split under the engine's memory model. */
  memoryBudget(input: MemoryInputs): MemoryBudget;
  /** An engine rule a split must also meet (e.g. BladeLLM's 1.7 × footprint); the reason when it does not. */
  splitProblem?(input: {
    readonly model: ModelArchitecture;
    readonly dtype: WeightDtype;
    readonly gpu: GpuModel;
    readonly gpus: number;
    readonly gpuMemoryUtilization: number;
    readonly memory: MemoryBudget;
  }): string | null;
}

/** The engine's container: port, health check, writable paths, user. */
export interface EngineContainer {
  readonly name: string;
  /** Port of the OpenAI-compatible API (which also serves `/metrics`); null for batch jobs. */
  readonly port: number | null;
  /** How the kubelet checks the engine: an HTTP health path, or only that the port accepts connections. */
  readonly health: { readonly kind: "http"; readonly path: string } | { readonly kind: "tcp" };
  /** The engine's writable paths are known and redirected to volumes. */
  readonly readOnlyRootFilesystem: boolean;
  /** Why the default image keeps root: the documented waiver the `non-root` policy reads. */
  readonly rootReason: string;
}

/** A serving engine: Deployment on one node, LeaderWorkerSet across nodes. */
export interface ServingWorkload {
  readonly kind: "serving";
  command(spec: InferenceDeploymentSpec, role: GroupRole): ContainerCommand;
  /** Engine-specific environment (pod IP, caches), before the API key and extraEnv. */
  environment(spec: InferenceDeploymentSpec, role: GroupRole): EnvVar[];
  /** Host memory the engine needs beyond the base per-pod and per-GPU amounts (e.g. Ray's daemons). */
  extraHostGiB(spec: InferenceDeploymentSpec): number;
}

/** A data-parallel batch job over MPI: a launcher that runs `mpirun`, workers that host the ranks. */
export interface MpiBatchWorkload {
  readonly kind: "mpi-batch";
  launcherCommand(spec: InferenceDeploymentSpec, exportedEnv: readonly string[], ranks: number): ContainerCommand;
  readonly workerCommand: ContainerCommand;
  /** Capabilities the worker's sshd needs back after ALL are dropped. */
  readonly workerCapabilities: readonly string[];
  readonly workerReadiness: ProbeSet;
  environment(spec: InferenceDeploymentSpec): EnvVar[];
  /** Where mpi-operator mounts the job's ssh keys for an image that runs as `runAsUser`; undefined: the operator's default `/root/.ssh`. */
  sshAuthMountPath(runAsUser: number | undefined): string | undefined;
}

/** Where a batch pod reads its prompts and writes its results. */
export interface BatchPaths {
  /** The whole JSONL input file (read-only, under the model mount). */
  readonly input: string;
  /** The writable output folder. */
  readonly output: string;
}

/**
 * A serving engine's offline batch mode (`batchJob` on a serving engine): one Kubernetes indexed Job
 * pod per shard, each running the engine's batch entrypoint over its share of the input.
 */
export interface IndexedBatchWorkload {
  /** The container command of shard `$JOB_COMPLETION_INDEX` of `shards`. */
  command(spec: InferenceDeploymentSpec, paths: BatchPaths, shards: number): ContainerCommand;
}

/**
 * The metrics the autoscaler, dashboards and alerts read (`ServingMetrics`, by concept), plus the
 * label that carries the served model name and the names the catalogue check knows and refuses.
 */
export interface EngineMetrics extends ServingMetrics {
  readonly modelLabel: string;
  /** Every metric name of this engine that llmfleet may read (expressions are checked against it). */
  readonly known: readonly string[];
  /** Names the engine removed, with what replaced them: refused in any expression. */
  readonly removed: readonly { readonly name: string; readonly replacement: string }[];
}

export interface EngineDefinition {
  /** The `engine:` value in a stack or component. */
  readonly name: string;
  /** How the engine is called in prose. */
  readonly title: string;
  readonly planning: EnginePlanning;
  /** Pinned default image; null when there is none (the user must give one). */
  readonly defaultImage: ImageRef | null;
  /** Where to get an image when there is no default (the fix of the "no default image" error). */
  readonly imageAdvice: string;
  /**
   * Where the engine's vendor images come from, for the `image-pinned` and `non-root` policy rules:
   * registry prefixes to allow, and the images that run as root by default and may carry the
   * documented waiver (`*` matches within one path segment).
   */
  readonly vendorImages: { readonly registries: readonly string[]; readonly rootImages: readonly string[] };
  readonly container: EngineContainer;
  readonly workload: ServingWorkload | MpiBatchWorkload;
  /** The engine's offline batch mode, used when a deployment of it sets `batchJob`; absent: none. */
  readonly indexedBatch?: IndexedBatchWorkload;
  /**
   * Why the default image cannot use eRDMA (its libibverbs has no erdma provider), when it cannot:
   * a multi-node group on it then talks over TCP sockets until the user gives an image that can.
   */
  readonly defaultImageWithoutErdma?: string;
  /** Environment variable the engine reads its API key from; null when it takes none. */
  readonly apiKeyEnv: string | null;
  /** Flags llmfleet sets from the plan and the typed options: `extraArgs` may not repeat them. */
  readonly ownedFlags: readonly string[];
  /** Metrics for autoscaling and dashboards; null when the engine exports none llmfleet can use. */
  readonly metrics: EngineMetrics | null;
  /**
   * How many times one replica (group) reads the whole checkpoint from the model storage while it
   * loads: 1 when each byte is read once, `plan.gpus` when every rank reads every shard. Sizes the
   * startup probe; underestimating it kills pods that are still loading, forever.
   */
  checkpointReadsPerGroup(plan: Plan): number;
  /** Checks of a planned deployment that only this engine needs; fields named as in the deployment schema. */
  problems(spec: InferenceDeploymentSpec): LlmfleetError[];
}
