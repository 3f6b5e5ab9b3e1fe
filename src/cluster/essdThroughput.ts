/**
 * Sustained throughput of one ESSD cloud disk, from Alibaba's ESSD specification table
 * (https://www.alibabacloud.com/help/en/ecs/user-guide/essds, "Formula for calculating the
 * throughput per disk"): PL0 min{100 + 0.25 × GiB, 180} MB/s; PL1 min{120 + 0.5 × GiB, 350};
 * PL2 min{120 + 0.5 × GiB, 750}; PL3 min{120 + 0.5 × GiB, 4,000}. The instance type's own
 * disk bandwidth can cap it lower; the estimate uses the disk's figure.
 */
export type EssdPerformanceLevel = "PL0" | "PL1" | "PL2" | "PL3";

const FORMULAS: Readonly<Record<EssdPerformanceLevel, { base: number; perGiB: number; max: number }>> = {
  PL0: { base: 100, perGiB: 0.25, max: 180 },
  PL1: { base: 120, perGiB: 0.5, max: 350 },
  PL2: { base: 120, perGiB: 0.5, max: 750 },
  PL3: { base: 120, perGiB: 0.5, max: 4_000 },
};

/** Alibaba quotes MB/s (10^6 bytes); the estimates work in MiB/s. */
const MB_PER_MIB = 2 ** 20 / 1e6;

export function essdThroughputMiBps(level: EssdPerformanceLevel, sizeGiB: number): number {
  const formula = FORMULAS[level];
  const megabytes = Math.min(formula.base + formula.perGiB * sizeGiB, formula.max);
  return Math.floor(megabytes / MB_PER_MIB);
}
