import type { ContainerCommand } from "../engines/types.js";
import { mirroredImage } from "../registry/index.js";
import { CACHE_DIR, type EnvVar } from "./environment.js";
import { imageReference, type ImageRef } from "./images.js";
import { workloadLabels, type PodRole } from "./labels.js";
import { HTTP_PORT_NAME, type ProbeSet } from "./probes.js";
import { resourceRequirements, type PodResources } from "./resources.js";
import { containerSecurityContext, podSecurityContext, type ContainerHardening } from "./securityContext.js";
import type { InferenceDeploymentSpec } from "./spec.js";
import type { Termination } from "./termination.js";
import { nodeCacheMount, nodeCacheVolume, type VolumeMount } from "./nodeCache.js";

/** Everything that differs between the pods of the engines and roles. */
export interface PodTemplateInput {
  readonly role: PodRole | undefined;
  readonly containerName: string;
  readonly image: ImageRef;
  readonly command: ContainerCommand;
  readonly resources: PodResources;
  readonly env: readonly EnvVar[];
  readonly probes: ProbeSet;
  /** Serving port of the container, or null. */
  readonly port: number | null;
  readonly termination: Termination;
  readonly hardening: ContainerHardening;
  /** GPU pods mount the model and land on the pool; the MPI launcher does neither. */
  readonly onGpuPool: boolean;
  readonly serviceAccountName: string;
  readonly annotations: Readonly<Record<string, string>>;
  /** Shell steps run before the engine in the same image and hardening (wait for the weights, copy them to the node). */
  readonly initSteps: readonly InitStep[];
  /** Mount the node's model-cache disk (`weightsCache: node-disk`). */
  readonly nodeCache: boolean;
  /** Volumes beyond the model, shm and caches (a batch job's script and output), with their mounts. */
  readonly extraVolumes?: PodVolumes;
  /** Pods of a Kubernetes Job must not restart in place (`Never` lets the Job count failures per index). */
  readonly restartPolicy?: "Never" | "OnFailure";
}

/** Volumes of a pod and where its container mounts them. */
export interface PodVolumes {
  readonly volumes: readonly object[];
  readonly volumeMounts: readonly VolumeMount[];
}

/** One init container: a name and the POSIX shell it runs. */
export interface InitStep {
  readonly name: string;
  readonly script: string;
}

/** Init steps copy files and poll; they never touch the GPU. */
const INIT_RESOURCES = { cpu: "1", memory: "2Gi" } as const;

const CACHE_SIZE = "40Gi";
const TMP_SIZE = "4Gi";

function volumesAndMounts(spec: InferenceDeploymentSpec, input: PodTemplateInput): { volumes: object[]; volumeMounts: VolumeMount[] } {
  const volumes: object[] = [];
  const volumeMounts: VolumeMount[] = [];
  if (input.onGpuPool) {
    volumes.push({ name: "model", persistentVolumeClaim: { claimName: spec.volume.claimName, readOnly: true } });
    volumeMounts.push({ name: "model", mountPath: spec.volume.mountPath, readOnly: true });
  }
  if (input.resources.shmMiB > 0) {
    // NCCL and the engines' worker queues need far more than the runtime's 64 MiB /dev/shm (production-stack #276).
    volumes.push({ name: "dshm", emptyDir: { medium: "Memory", sizeLimit: `${input.resources.shmMiB}Mi` } });
    volumeMounts.push({ name: "dshm", mountPath: "/dev/shm" });
  }
  if (input.hardening.readOnlyRootFilesystem) {
    volumes.push({ name: "cache", emptyDir: { sizeLimit: CACHE_SIZE } }, { name: "tmp", emptyDir: { sizeLimit: TMP_SIZE } });
    volumeMounts.push({ name: "cache", mountPath: CACHE_DIR }, { name: "tmp", mountPath: "/tmp" });
  }
  volumes.push(...(input.extraVolumes?.volumes ?? []));
  volumeMounts.push(...(input.extraVolumes?.volumeMounts ?? []));
  if (input.nodeCache) {
    volumes.push(nodeCacheVolume());
    volumeMounts.push(nodeCacheMount());
  }
  return { volumes, volumeMounts };
}

function lifecycle(termination: Termination): object | undefined {
  if (termination.preStopSeconds === 0) return undefined;
  // exec `sleep` rather than the newer `sleep` action, which needs Kubernetes ≥ 1.30 on every node.
  return { preStop: { exec: { command: ["sleep", String(termination.preStopSeconds)] } } };
}

/** A pod template: the pool's placement, the hardened container, shm, caches and the read-only model. */
export function buildPodTemplate(spec: InferenceDeploymentSpec, input: PodTemplateInput): Record<string, unknown> {
  const { volumes, volumeMounts } = volumesAndMounts(spec, input);
  const image = mirroredImage(imageReference(input.image), spec.registry);
  const initContainers = input.initSteps.map((step) => ({
    name: step.name,
    image,
    imagePullPolicy: "IfNotPresent",
    command: ["/bin/sh", "-c", step.script],
    resources: { requests: { ...INIT_RESOURCES }, limits: { ...INIT_RESOURCES } },
    securityContext: containerSecurityContext({ ...input.hardening, addCapabilities: [] }),
    volumeMounts: volumeMounts.filter((mount) => mount.name !== "dshm"),
  }));
  const container = {
    name: input.containerName,
    image,
    imagePullPolicy: "IfNotPresent",
    command: [...input.command.command],
    args: [...input.command.args],
    ...(input.port !== null ? { ports: [{ name: HTTP_PORT_NAME, containerPort: input.port, protocol: "TCP" }] } : {}),
    env: input.env.map((variable) => ({ ...variable })),
    resources: resourceRequirements(input.resources),
    ...input.probes,
    ...(lifecycle(input.termination) !== undefined ? { lifecycle: lifecycle(input.termination) } : {}),
    securityContext: containerSecurityContext(input.hardening),
    volumeMounts,
  };
  const placement = input.onGpuPool
    ? { nodeSelector: { ...spec.placement.nodeSelector }, tolerations: spec.placement.tolerations.map((toleration) => ({ ...toleration })) }
    : {};
  return {
    metadata: {
      labels: workloadLabels(spec, input.role),
      ...(Object.keys(input.annotations).length > 0 ? { annotations: { ...input.annotations } } : {}),
    },
    spec: {
      serviceAccountName: input.serviceAccountName,
      automountServiceAccountToken: false,
      // A Service named like an engine env prefix (e.g. `vllm`) would inject VLLM_PORT and crash vLLM.
      enableServiceLinks: false,
      ...(spec.registry?.pullSecretName === undefined ? {} : { imagePullSecrets: [{ name: spec.registry.pullSecretName }] }),
      ...placement,
      securityContext: podSecurityContext(input.hardening.runAsUser),
      terminationGracePeriodSeconds: input.termination.terminationGracePeriodSeconds,
      ...(input.restartPolicy === undefined ? {} : { restartPolicy: input.restartPolicy }),
      ...(initContainers.length > 0 ? { initContainers } : {}),
      containers: [container],
      volumes,
    },
  };
}
