/**
 * Graceful drain (vllm #24885): on deletion the pod first leaves the Service endpoints while preStop
 * sleeps, then SIGTERM lets the engine finish in-flight requests for up to the drain time, and the
 * grace period covers both with the 1.5 × margin of serving.md.
 */
export const PRESTOP_SECONDS = 15;
export const GRACE_MARGIN = 1.5;

export interface Termination {
  readonly preStopSeconds: number;
  readonly drainSeconds: number;
  readonly terminationGracePeriodSeconds: number;
}

export function termination(preStopSeconds: number, drainSeconds: number): Termination {
  return {
    preStopSeconds,
    drainSeconds,
    terminationGracePeriodSeconds: Math.max(30, Math.ceil((preStopSeconds + drainSeconds) * GRACE_MARGIN)),
  };
}

/** Serving pods: preStop, then the engine drains. */
export function servingTermination(drainSeconds: number): Termination {
  return termination(PRESTOP_SECONDS, drainSeconds);
}

/**
 * Workers of a multi-node group hold shards the leader needs until its drain ends, so they sleep
 * through the leader's whole preStop and drain before they stop.
 */
export function workerTermination(drainSeconds: number): Termination {
  return termination(PRESTOP_SECONDS + drainSeconds, 0);
}
