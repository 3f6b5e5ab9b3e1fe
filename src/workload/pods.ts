import { LlmfleetError } from "../errors/index.js";
import { bladeLlmCommand } from "./engines/bladellm.js";
import { MODEL_PATH_ENV, mpirunCommand, WORKER_COMMAND } from "./engines/horovod.js";
import { ENGINE_PROFILES, modelPath } from "./engines/profile.js";
import { vllmCommand, type GroupRole } from "./engines/vllm.js";
import { cacheEnvironment, extraEnvironment, fromSecret, literal, ncclEnvironment, podIp, type EnvVar } from "./environment.js";
import { DEFAULT_IMAGES, type ImageRef } from "./images.js";
import { estimateLoadSeconds } from "./loadTime.js";
import { buildPodTemplate } from "./podTemplate.js";
import { servingProbes, sshReadiness } from "./probes.js";
import { enginePodResources, LAUNCHER_RESOURCES, RAY_HOST_GiB } from "./resources.js";
import { RDMA_CAPABILITY, rootWaiverAnnotations, SSHD_CAPABILITIES } from "./securityContext.js";
import { usesRayExecutor, workloadShape } from "./shape.js";
import type { InferenceDeploymentSpec } from "./spec.js";
import { servingTermination, termination, workerTermination } from "./termination.js";

/** The Secret key the API key is read from. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** The storage's RRSA-bound ServiceAccount when it names one, else the deployment's own. */
export function serviceAccountName(spec: InferenceDeploymentSpec): string {
  return spec.volume.serviceAccountName ?? spec.name;
}

export function engineImage(spec: InferenceDeploymentSpec): ImageRef {
  const image = spec.image ?? DEFAULT_IMAGES[spec.engine];
  if (image === null) {
    throw new LlmfleetError("image", undefined, `${spec.engine} has no default image`, "give the BladeLLM image of your region's PAI-EAS registry, pinned by tag or digest");
  }
  return image;
}

/** Estimated model load time of one group, from the weights, the storage throughput and the node count. */
export function modelLoadSeconds(spec: InferenceDeploymentSpec): number {
  return estimateLoadSeconds({ weightBytes: spec.plan.model.weightBytes, readThroughputMiBps: spec.volume.readThroughputMiBps, nodes: spec.plan.nodes });
}

/** eRDMA devices only serve traffic between nodes, so only multi-node groups on an eRDMA pool take one. */
function usesErdma(spec: InferenceDeploymentSpec): boolean {
  return spec.placement.erdma && workloadShape(spec).multiNode;
}

/** Multi-node pods skip the Istio sidecar: it captures NCCL traffic and hangs collectives (NVIDIA/nccl #1638). */
function meshAnnotations(spec: InferenceDeploymentSpec): Record<string, string> {
  return workloadShape(spec).multiNode ? { "sidecar.istio.io/inject": "false" } : {};
}

function servingEnvironment(spec: InferenceDeploymentSpec, serves: boolean, apiKey: SecretKeyRef | null): EnvVar[] {
  const vllm = spec.engine === "vllm";
  return [
    ...ncclEnvironment({ multiNode: workloadShape(spec).multiNode, erdma: usesErdma(spec) }),
    ...(vllm ? [podIp("VLLM_HOST_IP")] : []),
    ...(ENGINE_PROFILES[spec.engine].readOnlyRootFilesystem ? cacheEnvironment() : []),
    ...(vllm && serves && apiKey !== null ? [fromSecret("VLLM_API_KEY", apiKey.name, apiKey.key)] : []),
    ...extraEnvironment(spec.engineOptions.extraEnv),
  ];
}

/** The pod of a vLLM or BladeLLM replica: a whole replica, or the leader or a worker of a group. */
export function servingPodTemplate(spec: InferenceDeploymentSpec, role: GroupRole, apiKey: SecretKeyRef | null): Record<string, unknown> {
  const profile = ENGINE_PROFILES[spec.engine];
  const serves = role !== "worker";
  const erdma = usesErdma(spec);
  const drainSeconds = spec.engineOptions.shutdownTimeoutSeconds;
  return buildPodTemplate(spec, {
    role: role === "single" ? undefined : role,
    containerName: profile.containerName,
    image: engineImage(spec),
    command: spec.engine === "vllm" ? vllmCommand(spec, role) : bladeLlmCommand(spec),
    resources: enginePodResources(spec, { gpus: workloadShape(spec).gpusPerPod, shmGiB: spec.plan.shmGiB, extraHostGiB: usesRayExecutor(spec) ? RAY_HOST_GiB : 0, erdma }),
    env: servingEnvironment(spec, serves, apiKey),
    probes: serves ? servingProbes(profile, modelLoadSeconds(spec)) : {},
    port: serves ? profile.port : null,
    termination: serves ? servingTermination(drainSeconds) : workerTermination(drainSeconds),
    hardening: { runAsUser: spec.image?.runAsUser, readOnlyRootFilesystem: profile.readOnlyRootFilesystem, addCapabilities: erdma ? [RDMA_CAPABILITY] : [] },
    onGpuPool: true,
    serviceAccountName: serviceAccountName(spec),
    annotations: { ...meshAnnotations(spec), ...rootWaiverAnnotations(spec.engine, spec.image?.runAsUser) },
  });
}

/** Launcher and worker pods of the Horovod MPIJob. */
export function mpiPodTemplates(spec: InferenceDeploymentSpec): { launcher: Record<string, unknown>; worker: Record<string, unknown> } {
  const shape = workloadShape(spec);
  const erdma = usesErdma(spec);
  const env = [...ncclEnvironment({ multiNode: shape.multiNode, erdma }), literal(MODEL_PATH_ENV, modelPath(spec)), ...extraEnvironment(spec.engineOptions.extraEnv)];
  const common = {
    containerName: ENGINE_PROFILES.horovod.containerName,
    image: engineImage(spec),
    env,
    port: null,
    // A batch job has no traffic to drain: the kubelet's default grace is enough for ranks to exit.
    termination: termination(0, 0),
    serviceAccountName: serviceAccountName(spec),
    annotations: { ...meshAnnotations(spec), ...rootWaiverAnnotations(spec.engine, spec.image?.runAsUser) },
  };
  const ranks = shape.gpusPerGroup;
  return {
    launcher: buildPodTemplate(spec, {
      ...common,
      role: "leader",
      command: mpirunCommand(spec, env.map((variable) => variable.name), ranks),
      resources: LAUNCHER_RESOURCES,
      probes: {},
      hardening: { runAsUser: spec.image?.runAsUser, readOnlyRootFilesystem: false, addCapabilities: [] },
      onGpuPool: false,
    }),
    worker: buildPodTemplate(spec, {
      ...common,
      role: "worker",
      command: WORKER_COMMAND,
      resources: enginePodResources(spec, { gpus: shape.gpusPerPod, shmGiB: spec.plan.shmGiB, extraHostGiB: 0, erdma }),
      probes: sshReadiness(),
      hardening: { runAsUser: spec.image?.runAsUser, readOnlyRootFilesystem: false, addCapabilities: [...SSHD_CAPABILITIES, ...(erdma ? [RDMA_CAPABILITY] : [])] },
      onGpuPool: true,
    }),
  };
}
