import { engineDefinition, type GroupRole } from "../engines/index.js";
import { KV_EVENTS_PORT } from "../inferencePool/precisePrefix.js";
import { mergedMetricsAnnotations } from "../mesh/metricsMerge.js";
import type { IndexedBatchWorkload, MpiBatchWorkload, ServingWorkload } from "../engines/types.js";
import { batchInputPath, RESULTS_MOUNT_PATH } from "../batch/outputLocation.js";
import { batchPodVolumes } from "../batch/volumes.js";
import { cacheEnvironment, extraEnvironment, fromSecret, ncclEnvironment, type EnvVar } from "./environment.js";
import type { ImageRef } from "./images.js";
import { awaitTimeoutSeconds, estimateStartup, type StartupEstimate } from "./loadTime.js";
import { usesErdma } from "./transport.js";
import { buildPodTemplate, type InitStep } from "./podTemplate.js";
import { storageModelPath } from "./modelPaths.js";
import { compileCacheEnvironment, nodeCacheCopyScript, runaiStreamerEnvironment } from "./nodeCache.js";
import { isRemoteSource } from "../weights/layout.js";
import { markerWaitScript } from "../weights/markerWait.js";
import { FETCH_DEADLINE_SECONDS } from "../weights/fetchJob.js";
import { servingProbes } from "./probes.js";
import { enginePodResources, LAUNCHER_RESOURCES } from "./resources.js";
import { RDMA_CAPABILITY, rootWaiverAnnotations } from "./securityContext.js";
import { workloadShape } from "./shape.js";
import type { InferenceDeploymentSpec } from "./spec.js";
import { servingTermination, termination, workerTermination } from "./termination.js";

const MiB = 2 ** 20;

/** The Secret key the API key is read from. */
export interface SecretKeyRef {
  readonly name: string;
  readonly key: string;
}

/** The storage's RRSA-bound ServiceAccount when it names one, else the deployment's own. */
export function serviceAccountName(spec: InferenceDeploymentSpec): string {
  return spec.volume.serviceAccountName ?? spec.name;
}

/** The given image, else the engine's pinned default (the checks refuse engines without one). */
export function engineImage(spec: InferenceDeploymentSpec): ImageRef {
  const image = spec.image ?? engineDefinition(spec.engine).defaultImage;
  if (image === null) throw new Error(`no image for ${spec.engine}: specProblems must have refused this deployment`);
  return image;
}

/** What one group's start costs: the engine's reads of the checkpoint from the storage, initialisation, rendezvous. */
export function startupEstimate(spec: InferenceDeploymentSpec): StartupEstimate {
  return estimateStartup({
    weightBytes: spec.plan.model.weightBytes,
    readThroughputMiBps: spec.volume.readThroughputMiBps,
    nodes: spec.plan.nodes,
    checkpointReads: engineDefinition(spec.engine).checkpointReadsPerGroup(spec.plan),
    nodeDisk:
      spec.weightsCache === "node-disk" && spec.placement.modelCache !== undefined
        ? { readThroughputMiBps: spec.placement.modelCache.readThroughputMiBps, pageCacheHoldsCopy: spec.placement.allocatableMemoryMiB * MiB >= spec.plan.model.weightBytes }
        : undefined,
  });
}

/**
 * How long Pulumi waits for the workload to be ready: the image pull and the startup budget, plus,
 * for weights the stack fetches, the fetch Job's deadline (the pods wait in `Init` for its marker,
 * so a first `pulumi up` lasts as long as the download).
 */
export function workloadAwaitSeconds(spec: InferenceDeploymentSpec): number {
  return awaitTimeoutSeconds(modelLoadSeconds(spec)) + (isRemoteSource(spec.modelSource) ? FETCH_DEADLINE_SECONDS : 0);
}

/** Estimated model load time of one group. */
export function modelLoadSeconds(spec: InferenceDeploymentSpec): number {
  return startupEstimate(spec).loadSeconds;
}


/**
 * Before the engine: wait for a fetched folder's completion marker, then copy the folder to the
 * node disk when the deployment loads from there.
 */
export function weightsInitSteps(spec: InferenceDeploymentSpec): InitStep[] {
  const source = storageModelPath(spec);
  return [
    ...(isRemoteSource(spec.modelSource) ? [{ name: "wait-for-weights", script: markerWaitScript(source, spec.modelPath) }] : []),
    ...(spec.weightsCache === "node-disk" ? [{ name: "cache-weights", script: nodeCacheCopyScript(source, spec.modelPath) }] : []),
  ];
}

/** Multi-node pods skip the Istio sidecar: it captures NCCL traffic and hangs collectives (NVIDIA/nccl #1638). */
function getsSidecar(spec: InferenceDeploymentSpec): boolean {
  return !workloadShape(spec).multiNode;
}

function meshAnnotations(spec: InferenceDeploymentSpec): Record<string, string> {
  return getsSidecar(spec) ? {} : { "sidecar.istio.io/inject": "false" };
}

/**
 * Where a sidecar's metrics merging finds the engine's own metrics (src/mesh/metricsMerge.ts): on
 * serving pods that get a sidecar (single-node) of an engine that serves metrics.
 */
function metricsAnnotations(spec: InferenceDeploymentSpec, serves: boolean): Readonly<Record<string, string>> {
  const engine = engineDefinition(spec.engine);
  const port = engine.container.port;
  return serves && port !== null && getsSidecar(spec) && engine.metrics !== null ? mergedMetricsAnnotations(port) : {};
}

/**
 * A deployment that publishes KV events to its endpoint picker, which runs outside the mesh
 * (src/inferencePool/picker.ts), takes the ZMQ port past its sidecar: under STRICT mTLS the sidecar
 * would refuse the picker's plain connection. The pool's NetworkPolicy admits only the picker there.
 */
function kvEventsAnnotations(spec: InferenceDeploymentSpec): Record<string, string> {
  return spec.route?.publishKvEvents === true && getsSidecar(spec) ? { "traffic.sidecar.istio.io/excludeInboundPorts": String(KV_EVENTS_PORT) } : {};
}

function annotations(spec: InferenceDeploymentSpec, serves = false): Record<string, string> {
  return { ...meshAnnotations(spec), ...metricsAnnotations(spec, serves), ...kvEventsAnnotations(spec), ...rootWaiverAnnotations(engineDefinition(spec.engine).container.rootReason, spec.image?.runAsUser) };
}

function servingEnvironment(spec: InferenceDeploymentSpec, workload: ServingWorkload, role: GroupRole, apiKey: SecretKeyRef | null): EnvVar[] {
  const engine = engineDefinition(spec.engine);
  const serves = role !== "worker";
  return [
    ...ncclEnvironment({ multiNode: workloadShape(spec).multiNode, erdma: usesErdma(spec) }),
    ...workload.environment(spec, role),
    ...(engine.container.readOnlyRootFilesystem ? cacheEnvironment() : []),
    ...(spec.weightsCache === "node-disk" ? compileCacheEnvironment(spec.engine) : []),
    ...(spec.weightsCache === "runai-streamer" && spec.volume.objectStore !== undefined ? runaiStreamerEnvironment(spec.volume.objectStore.s3Endpoint) : []),
    ...(serves && apiKey !== null && engine.apiKeyEnv !== null ? [fromSecret(engine.apiKeyEnv, apiKey.name, apiKey.key)] : []),
    ...extraEnvironment(spec.extraEnv),
  ];
}

/** The pod of a serving replica: a whole replica, or the leader or a worker of a group. */
export function servingPodTemplate(spec: InferenceDeploymentSpec, workload: ServingWorkload, role: GroupRole, apiKey: SecretKeyRef | null): Record<string, unknown> {
  const { container } = engineDefinition(spec.engine);
  const serves = role !== "worker";
  const erdma = usesErdma(spec);
  const drainSeconds = spec.shutdownTimeoutSeconds;
  return buildPodTemplate(spec, {
    role: role === "single" ? undefined : role,
    containerName: container.name,
    image: engineImage(spec),
    command: workload.command(spec, role),
    resources: enginePodResources(spec, { gpus: workloadShape(spec).gpusPerPod, shmGiB: spec.plan.shmGiB, erdma }),
    env: servingEnvironment(spec, workload, role, apiKey),
    probes: serves ? servingProbes(container, modelLoadSeconds(spec)) : {},
    port: serves ? container.port : null,
    termination: serves ? servingTermination(drainSeconds) : workerTermination(drainSeconds),
    hardening: { runAsUser: spec.image?.runAsUser, readOnlyRootFilesystem: container.readOnlyRootFilesystem, addCapabilities: erdma ? [RDMA_CAPABILITY] : [] },
    onGpuPool: true,
    serviceAccountName: serviceAccountName(spec),
    annotations: annotations(spec, serves),
    initSteps: weightsInitSteps(spec),
    nodeCache: spec.weightsCache === "node-disk",
  });
}

/** Launcher and worker pods of an MPI batch job. */
export function mpiPodTemplates(spec: InferenceDeploymentSpec, workload: MpiBatchWorkload): { launcher: Record<string, unknown>; worker: Record<string, unknown> } {
  const { container } = engineDefinition(spec.engine);
  const shape = workloadShape(spec);
  const erdma = usesErdma(spec);
  const env = [...ncclEnvironment({ multiNode: shape.multiNode, erdma }), ...workload.environment(spec), ...extraEnvironment(spec.extraEnv)];
  const common = {
    containerName: container.name,
    image: engineImage(spec),
    env,
    port: null,
    // A batch job has no traffic to drain: the kubelet's default grace is enough for ranks to exit.
    termination: termination(0, 0),
    serviceAccountName: serviceAccountName(spec),
    annotations: annotations(spec),
    nodeCache: false,
  };
  const ranks = shape.gpusPerGroup;
  return {
    launcher: buildPodTemplate(spec, {
      ...common,
      role: "leader",
      command: workload.launcherCommand(spec, env.map((variable) => variable.name), ranks),
      resources: LAUNCHER_RESOURCES,
      probes: {},
      hardening: { runAsUser: spec.image?.runAsUser, readOnlyRootFilesystem: false, addCapabilities: [] },
      onGpuPool: false,
      initSteps: [],
    }),
    worker: buildPodTemplate(spec, {
      ...common,
      role: "worker",
      command: workload.workerCommand,
      resources: enginePodResources(spec, { gpus: shape.gpusPerPod, shmGiB: spec.plan.shmGiB, erdma }),
      probes: workload.workerReadiness,
      // A non-root sshd cannot switch users, so it needs none of a root sshd's capabilities.
      hardening: { runAsUser: spec.image?.runAsUser, readOnlyRootFilesystem: false, addCapabilities: [...(spec.image?.runAsUser === undefined ? workload.workerCapabilities : []), ...(erdma ? [RDMA_CAPABILITY] : [])] },
      onGpuPool: true,
      // Ranks run on the workers (mpirun reaches them over ssh): the script and the output live there.
      extraVolumes: batchPodVolumes(spec),
      initSteps: weightsInitSteps(spec),
      nodeCache: spec.weightsCache === "node-disk",
    }),
  };
}

/**
 * The pod of one shard of a serving engine's batch mode: a whole replica on one node running the
 * engine's batch entrypoint, no port, no probes (nothing serves), the output location mounted.
 */
export function indexedBatchPodTemplate(spec: InferenceDeploymentSpec, workload: IndexedBatchWorkload, serving: ServingWorkload): Record<string, unknown> {
  const { container } = engineDefinition(spec.engine);
  const paths = { input: batchInputPath(spec.volume.mountPath, spec.name, spec.batchJob?.input), output: RESULTS_MOUNT_PATH };
  return buildPodTemplate(spec, {
    role: undefined,
    containerName: container.name,
    image: engineImage(spec),
    command: workload.command(spec, paths, spec.replicas),
    resources: enginePodResources(spec, { gpus: workloadShape(spec).gpusPerPod, shmGiB: spec.plan.shmGiB, erdma: false }),
    env: [...serving.environment(spec, "single"), ...(container.readOnlyRootFilesystem ? cacheEnvironment() : []), ...extraEnvironment(spec.extraEnv)],
    probes: {},
    port: null,
    termination: termination(0, 0),
    hardening: { runAsUser: spec.image?.runAsUser, readOnlyRootFilesystem: container.readOnlyRootFilesystem, addCapabilities: [] },
    onGpuPool: true,
    serviceAccountName: serviceAccountName(spec),
    annotations: annotations(spec),
    extraVolumes: batchPodVolumes(spec),
    initSteps: weightsInitSteps(spec),
    nodeCache: spec.weightsCache === "node-disk",
    restartPolicy: "Never",
  });
}
