import { engineDefinition } from "../engines/index.js";
import type { InferenceDeploymentSpec } from "./spec.js";

/** Which controller runs the pods, and how the plan's GPUs are spread over them. */
export interface WorkloadShape {
  readonly kind: "Deployment" | "LeaderWorkerSet" | "MPIJob" | "Job";
  /** Name of the controller object (see `workloadName`). */
  readonly workloadName: string;
  /** GPUs each engine pod requests (and limits). */
  readonly gpusPerPod: number;
  /** Engine pods in one group: the nodes of a replica, or the MPI workers of the job. */
  readonly podsPerGroup: number;
  /** GPUs one serving replica (or the whole MPI job) holds: TP × PP for serving engines. */
  readonly gpusPerGroup: number;
  readonly multiNode: boolean;
}

/**
 * The LeaderWorkerSet controller creates a headless Service named after the set for its pods' DNS,
 * so the set takes a suffix and the name stays free for the ClusterIP Service clients use.
 */
export function workloadName(spec: Pick<InferenceDeploymentSpec, "name">, kind: WorkloadShape["kind"]): string {
  return kind === "LeaderWorkerSet" ? `${spec.name}-lws` : spec.name;
}

export function workloadShape(spec: InferenceDeploymentSpec): WorkloadShape {
  const { plan } = spec;
  if (engineDefinition(spec.engine).workload.kind === "mpi-batch") {
    // MPI ranks each hold the whole model on one GPU; a worker pod takes its node's GPUs as MPI slots.
    return {
      kind: "MPIJob",
      workloadName: workloadName(spec, "MPIJob"),
      gpusPerPod: plan.gpusPerNode,
      podsPerGroup: spec.replicas,
      gpusPerGroup: plan.gpusPerNode * spec.replicas,
      multiNode: spec.replicas > 1,
    };
  }
  if (spec.batchJob !== undefined) {
    // A serving engine's batch mode: one indexed-Job pod per shard (replica), each a whole replica on one node.
    return { kind: "Job", workloadName: workloadName(spec, "Job"), gpusPerPod: plan.gpus, podsPerGroup: 1, gpusPerGroup: plan.gpus, multiNode: false };
  }
  const multiNode = plan.nodes > 1;
  const kind = multiNode ? "LeaderWorkerSet" : "Deployment";
  return {
    kind,
    workloadName: workloadName(spec, kind),
    gpusPerPod: plan.gpus / plan.nodes,
    podsPerGroup: plan.nodes,
    gpusPerGroup: plan.gpus,
    multiNode,
  };
}
