import type { WorkloadShape } from "./shape.js";

export interface RollingUpdate {
  readonly maxSurge: number;
  readonly maxUnavailable: number;
}

/**
 * GPUs are scarce: a surge pod would stay Pending and stall the rollout (production-stack #103,
 * kserve #4188). Without spare GPUs for a whole replica, replace one replica at a time; with them,
 * surge as many replicas as the spare GPUs hold and keep every old one serving.
 */
export function rollingUpdate(spareGpus: number, shape: Pick<WorkloadShape, "gpusPerGroup">): RollingUpdate {
  const surge = Math.floor(spareGpus / shape.gpusPerGroup);
  return surge > 0 ? { maxSurge: surge, maxUnavailable: 0 } : { maxSurge: 0, maxUnavailable: 1 };
}
