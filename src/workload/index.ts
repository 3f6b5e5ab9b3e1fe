/**
 * Pure builders that turn a validated `InferenceDeploymentSpec` into the Kubernetes objects of one
 * inference deployment: vLLM on one node (Deployment) or several (LeaderWorkerSet), BladeLLM
 * (Deployment), Horovod batch inference (MPIJob), and around them the ServiceAccount, Service,
 * PodDisruptionBudget, NetworkPolicy and KEDA ScaledObject.
 */
import { LlmfleetError, LlmfleetErrors, parseWith } from "../errors/index.js";
import type { KubernetesObject } from "../k8s/types.js";
import { specProblems } from "./consistency.js";
import { workloadLabels } from "./labels.js";
import { buildNetworkPolicy } from "./objects/networkPolicy.js";
import { buildPodDisruptionBudget } from "./objects/podDisruptionBudget.js";
import { buildScaledObject } from "./objects/scaledObject.js";
import { buildService, METRICS_PORT, servingPort } from "./objects/service.js";
import { buildServiceAccount } from "./objects/serviceAccount.js";
import { buildDeployment, buildLeaderWorkerSet, buildMpiJob } from "./objects/workloads.js";
import { workloadShape } from "./shape.js";
import { InferenceDeploymentSpec } from "./spec.js";

export { InferenceDeploymentSpec, type InferenceDeploymentSpecInput, type WorkloadPlan, type EngineOptions } from "./spec.js";
export { modelLabelValue, selectorLabels, workloadLabels, ROLE_LABEL } from "./labels.js";
export { DEFAULT_IMAGES, imageReference } from "./images.js";
export { estimateLoadSeconds, startupBudgetSeconds } from "./loadTime.js";
export { METRICS_PORT } from "./objects/service.js";
export { workloadShape, type WorkloadShape } from "./shape.js";
export { resolvePlan, type PlanInputs } from "./resolvePlan.js";

function underRoot(error: LlmfleetError, root: string): LlmfleetError {
  return root === "" ? error : new LlmfleetError(`${root}.${error.field}`, error.value, error.reason, error.fix);
}

/**
 * Validates a spec at the edge: the schema (defaults applied), then the checks across fields. Every
 * error names its path under `root`.
 *
 * @throws LlmfleetError for one problem, LlmfleetErrors for several
 */
export function parseInferenceDeploymentSpec(input: unknown, root = ""): InferenceDeploymentSpec {
  const spec = parseWith(InferenceDeploymentSpec, input, root);
  const problems = specProblems(spec).map((error) => underRoot(error, root));
  if (problems.length === 1 && problems[0] !== undefined) throw problems[0];
  if (problems.length > 1) throw new LlmfleetErrors(problems);
  return spec;
}

/** Replicas the deployment never goes below. */
function minimumReplicas(spec: InferenceDeploymentSpec): number {
  return spec.autoscaling?.minReplicas ?? spec.replicas;
}

/**
 * Every object of the deployment, in apply order (identity, workload, then what selects it).
 *
 * @param apiKeySecretName Secret whose `spec.apiKeySecretKey` holds the vLLM API key; null for none
 *   (BladeLLM and Horovod never read one)
 */
export function buildInferenceWorkload(spec: InferenceDeploymentSpec, apiKeySecretName: string | null): KubernetesObject[] {
  const shape = workloadShape(spec);
  const port = servingPort(spec);
  const apiKey = spec.engine === "vllm" && apiKeySecretName !== null ? { name: apiKeySecretName, key: spec.apiKeySecretKey } : null;
  const objects: KubernetesObject[] = [];
  if (spec.volume.serviceAccountName === null) objects.push(buildServiceAccount(spec, spec.name));
  if (shape.kind === "Deployment") objects.push(buildDeployment(spec, apiKey));
  else if (shape.kind === "LeaderWorkerSet") objects.push(buildLeaderWorkerSet(spec, apiKey));
  else objects.push(buildMpiJob(spec));
  if (port !== null) objects.push(buildService(spec, port));
  if (shape.kind !== "MPIJob" && minimumReplicas(spec) >= 2) objects.push(buildPodDisruptionBudget(spec));
  objects.push(buildNetworkPolicy(spec, port));
  if (spec.autoscaling !== undefined) objects.push(buildScaledObject(spec, spec.autoscaling, shape));
  return objects;
}

/** How clients and monitoring reach the deployment. */
export interface WorkloadEndpoints {
  /** ClusterIP Service name; null for batch jobs. */
  readonly serviceName: string | null;
  readonly port: number | null;
  readonly metricsPort: number | null;
  readonly labels: Readonly<Record<string, string>>;
}

export function describeWorkload(spec: InferenceDeploymentSpec): WorkloadEndpoints {
  const port = servingPort(spec);
  return {
    serviceName: port === null ? null : spec.name,
    port,
    metricsPort: port === null ? null : METRICS_PORT,
    labels: workloadLabels(spec),
  };
}
