/**
 * How each GPU pool follows the deployments on it. A pool's size is a range in nodes: the
 * deployments' minimum footprint (replicas, or autoscaling minReplicas, × nodes per replica) to
 * their maximum (autoscaling maxReplicas). A pool without `autoscaling` is fixed at the minimum when
 * nothing on it autoscales, and otherwise autoscales over exactly that range — never fixed at the
 * maximum, which pays for idle GPUs around the clock. A pool with `autoscaling` must reach the
 * maximum, or replicas KEDA asks for stay Pending.
 */
import { engineDefinition } from "../engines/index.js";
import { type FieldLocator, LlmfleetError } from "../errors/index.js";
import type { Plan } from "../planner/index.js";
import type { FleetConfig, NodePoolConfig } from "./config.js";

export type PoolSizing =
  | { readonly kind: "fixed"; readonly nodes: number }
  | { readonly kind: "autoscale"; readonly minNodes: number; readonly maxNodes: number };

export interface PoolFootprint {
  readonly minNodes: number;
  readonly maxNodes: number;
  /** A replica spans nodes: the pool is kept in one zone (one LeaderWorkerSet group, one fabric). */
  readonly multiNode: boolean;
}

export function poolFootprint(config: FleetConfig, pool: NodePoolConfig, plans: ReadonlyMap<string, Plan>): PoolFootprint {
  const members = config.deployments.filter((d) => d.pool === pool.name);
  const nodesOf = (name: string) => plans.get(name)?.nodes ?? 1;
  return {
    minNodes: members.reduce((sum, d) => sum + (d.autoscaling?.minReplicas ?? d.replicas) * nodesOf(d.name), 0) + pool.surgeNodes,
    maxNodes: members.reduce((sum, d) => sum + (d.autoscaling?.maxReplicas ?? d.replicas) * nodesOf(d.name), 0) + pool.surgeNodes,
    multiNode: members.some((d) => nodesOf(d.name) > 1 && engineDefinition(d.engine).workload.kind === "serving"),
  };
}

export function poolSizing(config: FleetConfig, pool: NodePoolConfig, plans: ReadonlyMap<string, Plan>): PoolSizing {
  if (pool.autoscaling !== undefined) return { kind: "autoscale", minNodes: pool.autoscaling.minNodes, maxNodes: pool.autoscaling.maxNodes };
  const footprint = poolFootprint(config, pool, plans);
  return footprint.minNodes === footprint.maxNodes ? { kind: "fixed", nodes: footprint.minNodes } : { kind: "autoscale", ...footprint };
}

/** A pool whose maximum cannot hold its deployments' maximum replicas. */
export function poolCapacityProblems(config: FleetConfig, plans: ReadonlyMap<string, Plan>, locate: FieldLocator): LlmfleetError[] {
  return config.nodePools.flatMap((pool, index) => {
    if (pool.autoscaling === undefined) return [];
    const footprint = poolFootprint(config, pool, plans);
    if (pool.autoscaling.maxNodes >= footprint.maxNodes) return [];
    return [
      new LlmfleetError(
        locate(`nodePools[${index}].autoscaling.maxNodes`),
        pool.autoscaling.maxNodes,
        `the deployments on pool ${pool.name} reach ${footprint.maxNodes} nodes at their maximum replicas, so replicas beyond ${pool.autoscaling.maxNodes} nodes stay Pending`,
        `raise maxNodes to at least ${footprint.maxNodes}, or lower the deployments' maxReplicas`,
      ),
    ];
  });
}
