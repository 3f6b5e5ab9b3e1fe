/** What a fleet needs installed before its workloads: decided from the configuration and the plans. */
import { engineDefinition } from "../engines/index.js";
import type { Plan } from "../planner/index.js";
import type { FleetConfig } from "../stack/config.js";
import { plansErdma } from "./erdma.js";

export interface OperatorNeeds {
  /** A deployment autoscales: KEDA ScaledObject. */
  readonly keda: boolean;
  /** A served model spans nodes: LeaderWorkerSet. */
  readonly leaderWorkerSet: boolean;
  /** An MPI batch job (Horovod): MPIJob. */
  readonly mpiOperator: boolean;
  /** A replica spans nodes of an instance type with eRDMA: ack-erdma-controller for NCCL. */
  readonly erdma: boolean;
  /** MPI batch deployments, one launcher each. */
  readonly mpiLaunchers: number;
}

export function operatorNeeds(config: FleetConfig, plans: ReadonlyMap<string, Plan>): OperatorNeeds {
  const multiNode = config.deployments.filter((d) => (plans.get(d.name)?.nodes ?? 1) > 1);
  const batch = config.deployments.filter((d) => engineDefinition(d.engine).workload.kind === "mpi-batch");
  return {
    keda: config.deployments.some((d) => d.autoscaling !== undefined),
    leaderWorkerSet: multiNode.some((d) => engineDefinition(d.engine).workload.kind === "serving"),
    mpiOperator: batch.length > 0,
    erdma: [...plans.values()].some(plansErdma),
    mpiLaunchers: batch.length,
  };
}
