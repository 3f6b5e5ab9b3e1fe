import { engineDefinition } from "../../engines/index.js";
import { LlmfleetError } from "../../errors/index.js";
import type { KubernetesObject } from "../../k8s/types.js";
import { DEPLOYMENT_LABEL, ENGINE_JOB } from "../../monitoring/spec.js";
import type { WorkloadShape } from "../shape.js";
import type { InferenceDeploymentSpec } from "../spec.js";
import { objectMeta } from "./metadata.js";

type Autoscaling = NonNullable<InferenceDeploymentSpec["autoscaling"]>;

/**
 * Requests queued in front of this deployment's engines (the engine's own queue metric, from its
 * folder); KEDA's `AverageValue` divides it by this deployment's replicas. Selected by the
 * `deployment` label the engine ServiceMonitor sets, not by the served model name, which a backup
 * or a canary of the same model shares: summing theirs would scale one deployment on another's queue.
 */
export function waitingRequestsQuery(spec: InferenceDeploymentSpec): string {
  const metrics = engineDefinition(spec.engine).metrics;
  if (metrics === null) throw new LlmfleetError("autoscaling", spec.autoscaling, `llmfleet reads no queue metric from ${spec.engine}`, "set a fixed replicas count");
  return `sum(${metrics.requestsWaiting}{job="${ENGINE_JOB}",namespace="${spec.namespace}",${DEPLOYMENT_LABEL}="${spec.name}"})`;
}

const SCALE_TARGETS: Readonly<Record<"Deployment" | "LeaderWorkerSet", string>> = {
  Deployment: "apps/v1",
  LeaderWorkerSet: "leaderworkerset.x-k8s.io/v1",
};

/**
 * Scales replicas (whole groups for LeaderWorkerSet, through its scale subresource) on the request
 * queue, never on CPU or GPU utilisation, which say nothing about load on an LLM engine. One replica
 * is added or removed per minute, and scale-down waits out the stabilisation window (HPA thrash,
 * llm-d-autoscaling #777).
 */
export function buildScaledObject(spec: InferenceDeploymentSpec, autoscaling: Autoscaling, target: Pick<WorkloadShape, "kind" | "workloadName">): KubernetesObject {
  const kind = target.kind === "LeaderWorkerSet" ? "LeaderWorkerSet" : "Deployment";
  const onePerMinute = [{ type: "Pods", value: 1, periodSeconds: 60 }];
  return {
    apiVersion: "keda.sh/v1alpha1",
    kind: "ScaledObject",
    metadata: objectMeta(spec, spec.name),
    spec: {
      scaleTargetRef: { apiVersion: SCALE_TARGETS[kind], kind, name: target.workloadName },
      minReplicaCount: autoscaling.minReplicas,
      maxReplicaCount: autoscaling.maxReplicas,
      pollingInterval: 15,
      cooldownPeriod: autoscaling.scaleDownStabilizationSeconds,
      advanced: {
        horizontalPodAutoscalerConfig: {
          behavior: {
            scaleDown: { stabilizationWindowSeconds: autoscaling.scaleDownStabilizationSeconds, policies: onePerMinute },
            scaleUp: { stabilizationWindowSeconds: 0, policies: onePerMinute },
          },
        },
      },
      triggers: [
        {
          type: "prometheus",
          metricType: "AverageValue",
          metadata: {
            serverAddress: autoscaling.prometheusAddress,
            query: waitingRequestsQuery(spec),
            threshold: String(autoscaling.waitingRequestsPerReplica),
          },
        },
      ],
    },
  };
}
