import type { IndexedBatchWorkload, ServingWorkload } from "../../engines/types.js";
import type { KubernetesObject } from "../../k8s/types.js";
import { indexedBatchPodTemplate } from "../pods.js";
import { workloadShape } from "../shape.js";
import type { InferenceDeploymentSpec } from "../spec.js";
import { objectMeta } from "./metadata.js";

/**
 * A serving engine's batch mode as a Kubernetes indexed Job (batch/v1, `completionMode: Indexed`):
 * one completion per shard (`replicas`), all shards at once, each pod told its shard by
 * `JOB_COMPLETION_INDEX`. `backoffLimitPerIndex` (GA in Kubernetes 1.33, every ACK version llmfleet
 * creates) retries a failed shard without restarting the others; the batch/v1 JobSpec allows it
 * "only when Job's completionMode=Indexed, and the Pod's restart policy is Never" and makes it immutable.
 * Pulumi would otherwise wait for the Job to complete on every `up` (`pulumi.com/skipAwait`).
 */
export function buildIndexedBatchJob(spec: InferenceDeploymentSpec, workload: IndexedBatchWorkload, serving: ServingWorkload): KubernetesObject {
  const batch = spec.batchJob;
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: objectMeta(spec, workloadShape(spec).workloadName, { "pulumi.com/skipAwait": "true" }),
    spec: {
      completionMode: "Indexed",
      completions: spec.replicas,
      parallelism: spec.replicas,
      backoffLimitPerIndex: batch?.backoffLimitPerIndex ?? 2,
      ttlSecondsAfterFinished: batch?.ttlSecondsAfterFinished ?? 86_400,
      ...(batch?.activeDeadlineSeconds === undefined ? {} : { activeDeadlineSeconds: batch.activeDeadlineSeconds }),
      template: indexedBatchPodTemplate(spec, workload, serving),
    },
  };
}
