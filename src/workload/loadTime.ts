/**
 * How long an engine takes from container start to serving, and the startup probe that waits for it.
 * Liveness must not run before the model has loaded (kserve #5062, aibrix #772), so the startup
 * probe's budget is sized from this estimate with a margin.
 */
const MiB = 2 ** 20;

/** CUDA context, graph capture, torch.compile and KV-cache profiling on one node. */
export const ENGINE_INIT_SECONDS = 180;
/** Rendezvous and NCCL communicator set-up for each node beyond the first. */
export const RENDEZVOUS_SECONDS_PER_EXTRA_NODE = 60;
export const STARTUP_PERIOD_SECONDS = 10;
/** The estimate is rough (storage shared with other pods, cold caches): the budget is 1.5 × it. */
export const STARTUP_MARGIN = 1.5;
/** Never give less than 10 minutes (serving.md: period 10 × 60 for models up to 70B). */
export const MIN_STARTUP_FAILURES = 60;

export interface LoadTimeInput {
  /** Whole model at the serving dtype. */
  readonly weightBytes: number;
  /** Sustained read throughput of the model storage, shared by every pod of a group. */
  readonly readThroughputMiBps: number;
  readonly nodes: number;
  /**
   * How many times the group reads the whole checkpoint from the storage (the engine's
   * `checkpointReadsPerGroup`): vLLM's default loader has every rank read every shard (vllm#5405).
   */
  readonly checkpointReads: number;
  /**
   * The node disk the engine reads from with `weightsCache: node-disk`: each node first copies the
   * checkpoint once from the storage (cold node), then the ranks read it locally. Absent: the ranks
   * read the storage mount.
   */
  readonly nodeDisk?: NodeDiskRead | undefined;
}

export interface NodeDiskRead {
  readonly readThroughputMiBps: number;
  /**
   * The node's memory holds its copy in the page cache: the ranks of a node read the same local
   * files, so the disk serves the first read and the page cache the others.
   */
  readonly pageCacheHoldsCopy: boolean;
}

/** What a start costs, as the preview prints it and the startup probe is sized from. */
export interface StartupEstimate {
  readonly checkpointReads: number;
  readonly readThroughputMiBps: number;
  /** Seconds spent reading weights from the model storage (the ranks' reads, or the node copy). */
  readonly readSeconds: number;
  /** Where the engine reads the checkpoint. */
  readonly loadsFrom: "storage" | "node-disk";
  /** Node-disk throughput the ranks read at; null when they read the storage. */
  readonly localReadThroughputMiBps: number | null;
  /** Seconds the ranks of one node spend reading the local copy; 0 when they read the storage. */
  readonly localReadSeconds: number;
  /** Start on a node that has not cached this folder: the copy (if any), the reads, initialisation, rendezvous. */
  readonly coldSeconds: number;
  /** Start on a node that has (the same as cold when reading the storage). */
  readonly warmSeconds: number;
  /** Container start to serving in the cold case, which the startup probe is sized for. */
  readonly loadSeconds: number;
  /** What the startup probe allows before the kubelet restarts the container. */
  readonly budgetSeconds: number;
}

/**
 * Estimated seconds to load: the group reads the checkpoint `checkpointReads` times from the same
 * storage, then initialises the engine, plus rendezvous per extra node.
 */
export function estimateLoadSeconds(input: LoadTimeInput): number {
  return estimateStartup(input).loadSeconds;
}

export function estimateStartup({ weightBytes, readThroughputMiBps, nodes, checkpointReads, nodeDisk }: LoadTimeInput): StartupEstimate {
  const fixedSeconds = ENGINE_INIT_SECONDS + RENDEZVOUS_SECONDS_PER_EXTRA_NODE * (nodes - 1);
  if (nodeDisk === undefined) {
    const readSeconds = Math.ceil((weightBytes * checkpointReads) / (readThroughputMiBps * MiB));
    const loadSeconds = Math.ceil(readSeconds + fixedSeconds);
    return { checkpointReads, readThroughputMiBps, readSeconds, loadsFrom: "storage", localReadThroughputMiBps: null, localReadSeconds: 0, coldSeconds: loadSeconds, warmSeconds: loadSeconds, loadSeconds, budgetSeconds: startupBudgetSeconds(loadSeconds) };
  }
  // Every node of the group copies the whole folder once, all from the same storage.
  const readSeconds = Math.ceil((weightBytes * nodes) / (readThroughputMiBps * MiB));
  // Each node's disk serves its own ranks: one read of the copy when the page cache holds it (the
  // other ranks' reads of the same files hit memory), else that node's share of the group's reads.
  const diskReadsPerNode = nodeDisk.pageCacheHoldsCopy ? 1 : Math.max(1, checkpointReads / nodes);
  const localReadSeconds = Math.ceil((weightBytes * diskReadsPerNode) / (nodeDisk.readThroughputMiBps * MiB));
  const warmSeconds = Math.ceil(localReadSeconds + fixedSeconds);
  const coldSeconds = readSeconds + warmSeconds;
  return {
    checkpointReads,
    readThroughputMiBps,
    readSeconds,
    loadsFrom: "node-disk",
    localReadThroughputMiBps: nodeDisk.readThroughputMiBps,
    localReadSeconds,
    coldSeconds,
    warmSeconds,
    loadSeconds: coldSeconds,
    budgetSeconds: startupBudgetSeconds(coldSeconds),
  };
}

/** Failures the startup probe tolerates at `STARTUP_PERIOD_SECONDS` so that it outlasts the load. */
export function startupFailureThreshold(loadSeconds: number): number {
  return Math.max(MIN_STARTUP_FAILURES, Math.ceil((loadSeconds * STARTUP_MARGIN) / STARTUP_PERIOD_SECONDS));
}

/** Seconds the startup probe allows before the kubelet restarts the container. */
export function startupBudgetSeconds(loadSeconds: number): number {
  return startupFailureThreshold(loadSeconds) * STARTUP_PERIOD_SECONDS;
}

/** Image pull of a multi-GiB engine image on a fresh node, before the startup probe even starts. */
export const IMAGE_PULL_SECONDS = 900;

/** Pulumi await timeout (`pulumi.com/timeoutSeconds`): image pull plus the whole startup budget. */
export function awaitTimeoutSeconds(loadSeconds: number): number {
  return IMAGE_PULL_SECONDS + startupBudgetSeconds(loadSeconds);
}
