import type { MpiBatchWorkload, ServingWorkload } from "../../engines/types.js";
import type { KubernetesObject } from "../../k8s/types.js";
import { selectorLabels } from "../labels.js";
import { mpiPodTemplates, servingPodTemplate, workloadAwaitSeconds, type SecretKeyRef } from "../pods.js";
import { rollingUpdate } from "../rollout.js";
import { SPARE_GPUS_ANNOTATION } from "../../policy/rules/rollout.js";
import { workloadShape, type WorkloadShape } from "../shape.js";
import type { InferenceDeploymentSpec } from "../spec.js";
import { awaitAnnotations, objectMeta } from "./metadata.js";

/**
 * A rollout that surges takes GPUs beyond the replicas': the deployment's `spareGpus` says the pool
 * keeps them free, and the annotation carries that to the `gpu-rollout` policy.
 */
function spareGpuAnnotations(spec: InferenceDeploymentSpec, shape: WorkloadShape): Record<string, string> {
  return rollingUpdate(spec.spareGpus, shape).maxSurge > 0
    ? { [SPARE_GPUS_ANNOTATION]: `spareGpus: ${spec.spareGpus} GPUs of the pool are kept free for surge pods` }
    : {};
}

/** With autoscaling the replica count belongs to KEDA's HPA; setting it here would fight it on every update (pulumi-kubernetes #2491). */
function replicasField(spec: InferenceDeploymentSpec): { replicas?: number } {
  return spec.autoscaling === undefined ? { replicas: spec.replicas } : {};
}

/** A single-node replica (TP × PP fits one node): one pod per replica. */
export function buildDeployment(spec: InferenceDeploymentSpec, workload: ServingWorkload, apiKey: SecretKeyRef | null): KubernetesObject {
  const shape = workloadShape(spec);
  const timeoutSeconds = workloadAwaitSeconds(spec);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: objectMeta(spec, shape.workloadName, { ...awaitAnnotations(timeoutSeconds), ...spareGpuAnnotations(spec, shape) }),
    spec: {
      ...replicasField(spec),
      selector: { matchLabels: selectorLabels(spec.name) },
      strategy: { type: "RollingUpdate", rollingUpdate: rollingUpdate(spec.spareGpus, shape) },
      // A rollout only counts as stalled once a new pod has had time to pull the image and load the model.
      progressDeadlineSeconds: timeoutSeconds,
      revisionHistoryLimit: 3,
      template: servingPodTemplate(spec, workload, "single", apiKey),
    },
  };
}

/**
 * A multi-node replica as a LeaderWorkerSet group: any pod failure recreates the whole group (a rank
 * cannot rejoin a running NCCL world), workers start with the leader (`LeaderCreated`: the leader
 * cannot become ready before they join), and only the leader serves and is probed.
 */
export function buildLeaderWorkerSet(spec: InferenceDeploymentSpec, workload: ServingWorkload, apiKey: SecretKeyRef | null): KubernetesObject {
  const shape = workloadShape(spec);
  return {
    apiVersion: "leaderworkerset.x-k8s.io/v1",
    kind: "LeaderWorkerSet",
    metadata: objectMeta(spec, shape.workloadName, { ...awaitAnnotations(workloadAwaitSeconds(spec)), ...spareGpuAnnotations(spec, shape) }),
    spec: {
      ...replicasField(spec),
      startupPolicy: "LeaderCreated",
      rolloutStrategy: { type: "RollingUpdate", rollingUpdateConfiguration: rollingUpdate(spec.spareGpus, shape) },
      leaderWorkerTemplate: {
        size: shape.podsPerGroup,
        restartPolicy: "RecreateGroupOnPodRestart",
        leaderTemplate: servingPodTemplate(spec, workload, "leader", apiKey),
        workerTemplate: servingPodTemplate(spec, workload, "worker", apiKey),
      },
    },
  };
}

/**
 * Distributed batch inference as a kubeflow MPIJob: one slot per GPU of a worker node, the
 * launcher created once workers are ready, pods of a finished job cleaned up per `cleanPodPolicy`.
 */
export function buildMpiJob(spec: InferenceDeploymentSpec, workload: MpiBatchWorkload): KubernetesObject {
  const shape = workloadShape(spec);
  const { launcher, worker } = mpiPodTemplates(spec, workload);
  const batch = spec.batchJob;
  const sshAuthMountPath = workload.sshAuthMountPath(spec.image?.runAsUser);
  return {
    apiVersion: "kubeflow.org/v2beta1",
    kind: "MPIJob",
    metadata: objectMeta(spec, shape.workloadName),
    spec: {
      slotsPerWorker: shape.gpusPerPod,
      mpiImplementation: "OpenMPI",
      launcherCreationPolicy: "WaitForWorkersReady",
      ...(sshAuthMountPath === undefined ? {} : { sshAuthMountPath }),
      runPolicy: {
        cleanPodPolicy: batch?.cleanPodPolicy ?? "Running",
        backoffLimit: batch?.backoffLimit ?? 3,
        ...(batch?.activeDeadlineSeconds === undefined ? {} : { activeDeadlineSeconds: batch.activeDeadlineSeconds }),
        ttlSecondsAfterFinished: batch?.ttlSecondsAfterFinished ?? 86_400,
      },
      mpiReplicaSpecs: {
        Launcher: { replicas: 1, restartPolicy: "OnFailure", template: launcher },
        Worker: { replicas: shape.podsPerGroup, restartPolicy: "OnFailure", template: worker },
      },
    },
  };
}
