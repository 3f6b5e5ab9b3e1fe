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
}

/** What a start costs, as the preview prints it and the startup probe is sized from. */
export interface StartupEstimate {
  readonly checkpointReads: number;
  readonly readThroughputMiBps: number;
  /** Seconds spent reading weights from the model storage. */
  readonly readSeconds: number;
  /** Container start to serving: reads, engine initialisation, rendezvous. */
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

export function estimateStartup({ weightBytes, readThroughputMiBps, nodes, checkpointReads }: LoadTimeInput): StartupEstimate {
  const readSeconds = Math.ceil((weightBytes * checkpointReads) / (readThroughputMiBps * MiB));
  const loadSeconds = Math.ceil(readSeconds + ENGINE_INIT_SECONDS + RENDEZVOUS_SECONDS_PER_EXTRA_NODE * (nodes - 1));
  return { checkpointReads, readThroughputMiBps, readSeconds, loadSeconds, budgetSeconds: startupBudgetSeconds(loadSeconds) };
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
