/** What a fleet needs installed before its workloads: decided from the configuration and the plans. */
import type { Plan } from "../planner/index.js";
import type { FleetConfig } from "../stack/config.js";

export interface OperatorNeeds {
  /** A deployment autoscales: KEDA ScaledObject. */
  readonly keda: boolean;
  /** A served model spans nodes: LeaderWorkerSet. */
  readonly leaderWorkerSet: boolean;
  /** A Horovod batch job: MPIJob. */
  readonly mpiOperator: boolean;
  /** A replica spans nodes: eRDMA for NCCL. */
  readonly erdma: boolean;
  /** Horovod deployments, one MPI launcher each. */
  readonly mpiLaunchers: number;
}

export function operatorNeeds(config: FleetConfig, plans: ReadonlyMap<string, Plan>): OperatorNeeds {
  const multiNode = config.deployments.filter((d) => (plans.get(d.name)?.nodes ?? 1) > 1);
  const horovod = config.deployments.filter((d) => d.engine === "horovod");
  return {
    keda: config.deployments.some((d) => d.autoscaling !== undefined),
    leaderWorkerSet: multiNode.some((d) => d.engine !== "horovod"),
    mpiOperator: horovod.length > 0,
    erdma: multiNode.length > 0,
    mpiLaunchers: horovod.length,
  };
}
