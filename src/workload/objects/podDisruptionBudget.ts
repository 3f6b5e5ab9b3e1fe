import type { KubernetesObject } from "../../k8s/types.js";
import { selectorLabels } from "../labels.js";
import type { InferenceDeploymentSpec } from "../spec.js";
import { objectMeta } from "./metadata.js";

/**
 * Node drains take one pod at a time. Unhealthy pods (still loading, or crashed) may always be
 * evicted, so a stuck model never blocks a drain.
 */
export function buildPodDisruptionBudget(spec: InferenceDeploymentSpec): KubernetesObject {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: objectMeta(spec, spec.name),
    spec: {
      maxUnavailable: 1,
      selector: { matchLabels: selectorLabels(spec.name) },
      unhealthyPodEvictionPolicy: "AlwaysAllow",
    },
  };
}
