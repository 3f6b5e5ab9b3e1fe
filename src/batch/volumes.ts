/**
 * What a batch pod mounts beyond the read-only model: the output location read-write at `/results`
 * (when `batchJob.output` is set), and llmfleet's batch script read-only from its ConfigMap (when
 * the job runs the shipped script rather than its own `command`).
 */
import { engineDefinition } from "../engines/index.js";
import type { PodVolumes } from "../workload/podTemplate.js";
import type { VolumeMount } from "../workload/nodeCache.js";
import type { InferenceDeploymentSpec } from "../workload/spec.js";
import { batchOutputNames, RESULTS_MOUNT_PATH } from "./outputLocation.js";
import { BATCH_SCRIPT_MOUNT_PATH, batchScriptConfigMapName } from "./script.js";

/** An MPI batch engine without its own `batchJob.command` runs `batch/horovod_batch_infer.py`. */
export function runsShippedScript(spec: Pick<InferenceDeploymentSpec, "engine" | "batchJob">): boolean {
  return engineDefinition(spec.engine).workload.kind === "mpi-batch" && spec.batchJob?.command === undefined;
}

export function batchPodVolumes(spec: InferenceDeploymentSpec): PodVolumes {
  const volumes: object[] = [];
  const volumeMounts: VolumeMount[] = [];
  if (spec.batchJob?.output !== undefined) {
    volumes.push({ name: "results", persistentVolumeClaim: { claimName: batchOutputNames(spec).claimName } });
    volumeMounts.push({ name: "results", mountPath: RESULTS_MOUNT_PATH });
  }
  if (runsShippedScript(spec)) {
    volumes.push({ name: "batch-script", configMap: { name: batchScriptConfigMapName(spec.name), defaultMode: 0o444 } });
    volumeMounts.push({ name: "batch-script", mountPath: BATCH_SCRIPT_MOUNT_PATH, readOnly: true });
  }
  return { volumes, volumeMounts };
}

/** A deployment that runs to completion: a batch engine, or `batchJob` on a serving engine. It serves nothing, reads no API key and is not watched as a server. */
export function runsAsBatch(deployment: Pick<InferenceDeploymentSpec, "engine" | "batchJob">): boolean {
  return deployment.batchJob !== undefined || engineDefinition(deployment.engine).workload.kind === "mpi-batch";
}
