/**
 * Pure builders that turn a planned, placed deployment (`InferenceDeploymentSpec`) into the
 * Kubernetes objects of one inference deployment: a serving engine on one node (Deployment) or
 * several (LeaderWorkerSet), or a batch engine as an MPIJob, and around them the ServiceAccount,
 * Service, PodDisruptionBudget, NetworkPolicy and KEDA ScaledObject.
 */
import { engineDefinition } from "../engines/index.js";
import type { KubernetesObject } from "../k8s/types.js";
import { workloadLabels } from "./labels.js";
import { buildNetworkPolicy } from "./objects/networkPolicy.js";
import { buildPodDisruptionBudget } from "./objects/podDisruptionBudget.js";
import { buildScaledObject } from "./objects/scaledObject.js";
import { buildService, METRICS_PORT, servingPort } from "./objects/service.js";
import type { StartupEstimate } from "./loadTime.js";
import { startupEstimate } from "./pods.js";
import { ncclTransport, type NcclTransport } from "./transport.js";
import { buildServiceAccount } from "./objects/serviceAccount.js";
import { buildDeployment, buildLeaderWorkerSet, buildMpiJob } from "./objects/workloads.js";
import { buildIndexedBatchJob } from "./objects/batchJob.js";
import { batchScriptConfigMap, runsShippedScript, shippedBatchScript } from "../batch/index.js";
import { workloadShape } from "./shape.js";
import type { InferenceDeploymentSpec } from "./spec.js";

export { placementSchema, volumeSchema, type InferenceDeploymentSpec, type WorkloadPlan, type ExtraEnv } from "./spec.js";
export { specProblems } from "./consistency.js";
export { cachedGiB, fitsNodeCache, resolveWeightsCache, COMPILE_CACHE_RESERVE_GIB } from "./nodeCache.js";
export { modelLabelValue, selectorLabels, workloadLabels, ROLE_LABEL } from "./labels.js";
export { imageReference, type ImageRef } from "./images.js";
export { estimateLoadSeconds, estimateStartup, startupBudgetSeconds, type StartupEstimate } from "./loadTime.js";
export { erdmaImageWarning, ncclTransport, type NcclTransport } from "./transport.js";
export { METRICS_PORT } from "./objects/service.js";
export { workloadShape, type WorkloadShape } from "./shape.js";

/** Replicas the deployment never goes below. */
function minimumReplicas(spec: InferenceDeploymentSpec): number {
  return spec.autoscaling?.minReplicas ?? spec.replicas;
}

/**
 * Every object of the deployment, in apply order (identity, workload, then what selects it).
 *
 * @param apiKeySecretName Secret whose `spec.apiKeySecretKey` holds the API key; null for none
 *   (engines that read no key ignore it)
 * @param batchScript text of the batch script put in a ConfigMap when the job runs the shipped one;
 *   default the package's `batch/horovod_batch_infer.py` (`shippedBatchScript()`)
 */
export function buildInferenceWorkload(spec: InferenceDeploymentSpec, apiKeySecretName: string | null, batchScript?: string): KubernetesObject[] {
  const engine = engineDefinition(spec.engine);
  const shape = workloadShape(spec);
  const port = servingPort(spec);
  const apiKey = engine.apiKeyEnv !== null && apiKeySecretName !== null ? { name: apiKeySecretName, key: spec.apiKeySecretKey } : null;
  const objects: KubernetesObject[] = [];
  if (spec.volume.serviceAccountName === null) objects.push(buildServiceAccount(spec, spec.name));
  if (runsShippedScript(spec)) objects.push(batchScriptConfigMap({ name: spec.name, namespace: spec.namespace, labels: workloadLabels(spec) }, batchScript ?? shippedBatchScript()));
  const workload = engine.workload;
  if (workload.kind === "mpi-batch") objects.push(buildMpiJob(spec, workload));
  else if (shape.kind === "Job" && engine.indexedBatch !== undefined) objects.push(buildIndexedBatchJob(spec, engine.indexedBatch, workload));
  else if (shape.kind === "LeaderWorkerSet") objects.push(buildLeaderWorkerSet(spec, workload, apiKey));
  else objects.push(buildDeployment(spec, workload, apiKey));
  if (port !== null) objects.push(buildService(spec, port));
  // A batch job has no traffic to keep: a disruption budget would only block node drains.
  if (shape.kind !== "MPIJob" && shape.kind !== "Job" && minimumReplicas(spec) >= 2) objects.push(buildPodDisruptionBudget(spec));
  objects.push(buildNetworkPolicy(spec, port));
  if (spec.autoscaling !== undefined) objects.push(buildScaledObject(spec, spec.autoscaling, shape));
  return objects;
}

/** How clients and monitoring reach the deployment. */
export interface WorkloadEndpoints {
  /** ClusterIP Service name; undefined for batch jobs. */
  readonly serviceName: string | undefined;
  readonly port: number | undefined;
  readonly metricsPort: number | undefined;
  readonly labels: Readonly<Record<string, string>>;
  /** What a start of one replica costs and what its startup probe allows; undefined for batch jobs. */
  readonly startup: StartupEstimate | undefined;
  /** NCCL's network between the nodes of a group, and why; undefined when a replica fits on one node. */
  readonly transport: NcclTransport | undefined;
}

export function describeWorkload(spec: InferenceDeploymentSpec): WorkloadEndpoints {
  const port = servingPort(spec) ?? undefined;
  return {
    serviceName: port === undefined ? undefined : spec.name,
    port,
    metricsPort: port === undefined ? undefined : METRICS_PORT,
    labels: workloadLabels(spec),
    startup: port === undefined ? undefined : startupEstimate(spec),
    transport: ncclTransport(spec),
  };
}
