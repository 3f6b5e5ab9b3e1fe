/**
 * What a pod can request on a GPU node after the kubelet and system reservations.
 *
 * allocatable = capacity − kubeReserved − systemReserved − hard eviction threshold
 * (ACK's "resource reservation policy" page; ACK splits its reservation 50/50 between
 * kubeReserved and systemReserved).
 *
 * ACK's default reservation table changes between releases and is applied only when a node is
 * reconfigured, so llmfleet does not predict it: `GpuNodePool` writes the reservation computed here
 * into the node pool's kubelet configuration, which makes the prediction hold for every node.
 * The amounts follow the tiered shape the managed Kubernetes services publish:
 *
 * - CPU: 6% of the first core, 1% of the second, 0.5% of cores 3–4, 0.25% of every core above 4,
 *   and never less than 100 millicores (ACK's example 4-vCPU node keeps 100m).
 * - Memory: 25% of the first 4 GiB, 20% of the next 4, 10% of the next 8, 6% of the next 112 and
 *   2% above 128 GiB.
 * - Hard eviction at `memory.available < 100Mi`.
 *
 * Capacity is not the nominal instance memory: the kernel keeps part of it (ACK's 8 GiB example
 * node reports 7,925,980 KiB, 94.5%), so memory capacity is taken as 94% of the nominal GiB.
 */

export interface NodeShape {
  readonly vcpu: number;
  readonly memoryGiB: number;
}

export interface NodeReservation {
  /** kubeReserved + systemReserved CPU, in millicores (split evenly between the two). */
  readonly reservedCpuMillis: number;
  /** kubeReserved + systemReserved memory, in MiB (split evenly between the two). */
  readonly reservedMemoryMiB: number;
  /** Hard eviction threshold `memory.available`, in MiB. */
  readonly evictionMemoryMiB: number;
}

export interface Allocatable {
  readonly cpuMillis: number;
  readonly memoryMiB: number;
}

interface Tier {
  /** Upper bound of the tier (cores or GiB); Infinity for the last. */
  readonly upTo: number;
  readonly fraction: number;
}

const CPU_TIERS: readonly Tier[] = [
  { upTo: 1, fraction: 0.06 },
  { upTo: 2, fraction: 0.01 },
  { upTo: 4, fraction: 0.005 },
  { upTo: Infinity, fraction: 0.0025 },
];
const MEMORY_TIERS: readonly Tier[] = [
  { upTo: 4, fraction: 0.25 },
  { upTo: 8, fraction: 0.2 },
  { upTo: 16, fraction: 0.1 },
  { upTo: 128, fraction: 0.06 },
  { upTo: Infinity, fraction: 0.02 },
];
const MIN_RESERVED_CPU_MILLIS = 100;
const EVICTION_MEMORY_MIB = 100;
/** Share of the nominal instance memory the kernel reports as node capacity. */
const MEMORY_CAPACITY_SHARE = 0.94;

function tiered(amount: number, tiers: readonly Tier[]): number {
  let total = 0;
  let lower = 0;
  for (const tier of tiers) {
    if (amount <= lower) break;
    total += (Math.min(amount, tier.upTo) - lower) * tier.fraction;
    lower = tier.upTo;
  }
  return total;
}

/** Node memory capacity in MiB as the kubelet will see it. */
export function memoryCapacityMiB(node: NodeShape): number {
  return Math.floor(node.memoryGiB * 1024 * MEMORY_CAPACITY_SHARE);
}

/** The reservation llmfleet configures on a node of this shape. Reserved amounts are even, so they split evenly. */
export function nodeReservation(node: NodeShape): NodeReservation {
  const cpu = Math.max(MIN_RESERVED_CPU_MILLIS, Math.ceil(tiered(node.vcpu, CPU_TIERS) * 1000));
  const memory = Math.ceil(tiered(node.memoryGiB, MEMORY_TIERS) * 1024);
  return {
    reservedCpuMillis: cpu + (cpu % 2),
    reservedMemoryMiB: memory + (memory % 2),
    evictionMemoryMiB: EVICTION_MEMORY_MIB,
  };
}

/** CPU and memory a pod can request on one node of this shape. */
export function allocatable(node: NodeShape): Allocatable {
  const reservation = nodeReservation(node);
  return {
    cpuMillis: node.vcpu * 1000 - reservation.reservedCpuMillis,
    memoryMiB: memoryCapacityMiB(node) - reservation.reservedMemoryMiB - reservation.evictionMemoryMiB,
  };
}
