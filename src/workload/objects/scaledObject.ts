import { engineDefinition } from "../../engines/index.js";
import { LlmfleetError } from "../../errors/index.js";
import type { KubernetesObject } from "../../k8s/types.js";
import { defaultServingServiceName } from "../../mesh/spec.js";
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
  return `sum(${metrics.waiting}{job="${ENGINE_JOB}",namespace="${spec.namespace}",${DEPLOYMENT_LABEL}="${spec.name}"})`;
}

/**
 * Requests per second reaching the deployment's route at the ingress gateway, as the gateway's
 * Envoy counts them (`istio_requests_total`, reporter `source`). Its labels come from the outbound
 * cluster's service metadata, which Istio attaches for the telemetry filter whether or not an
 * endpoint exists (istio/istio 1.29.2 `pilot/pkg/networking/core/cluster_builder.go`), so requests
 * that found no replica are counted too: the signal that wakes a deployment scaled to zero.
 */
export function routeRequestsQuery(spec: InferenceDeploymentSpec, route: string): string {
  return `sum(rate(istio_requests_total{reporter="source",destination_service_namespace="${spec.namespace}",destination_service_name="${defaultServingServiceName(route)}"}[2m]))`;
}

/**
 * Activation only: KEDA wakes a ScaledObject at zero when any trigger's value is above its
 * `activationThreshold` (kedacore/keda v2.20.2 `pkg/scalers/prometheus_scaler.go`: active when
 * `val > ActivationThreshold`). The target is a rate no replica serves, so this trigger never asks
 * for more than one replica; the queue trigger sizes the deployment.
 */
const ACTIVATION_ONLY_TARGET = "1000000";

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
      // KEDA goes to idleReplicaCount when no trigger is active and back to minReplicaCount when one is
      // (kedacore/keda v2.20.2 pkg/scaling/executor/scale_scaledobjects.go); it must be below minReplicaCount.
      ...(autoscaling.scaleToZero ? { idleReplicaCount: 0 } : {}),
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
        ...(autoscaling.scaleToZero && spec.route !== undefined
          ? [
              {
                type: "prometheus",
                metricType: "AverageValue",
                metadata: { serverAddress: autoscaling.prometheusAddress, query: routeRequestsQuery(spec, spec.route.route), threshold: ACTIVATION_ONLY_TARGET, activationThreshold: "0" },
              },
            ]
          : []),
      ],
    },
  };
}
