import type { ObjectMeta } from "../../k8s/types.js";
import { workloadLabels } from "../labels.js";
import type { InferenceDeploymentSpec } from "../spec.js";

/** Name, namespace and the architecture's labels for an object of this deployment. */
export function objectMeta(spec: InferenceDeploymentSpec, name: string, annotations?: Readonly<Record<string, string>>): ObjectMeta {
  return {
    name,
    namespace: spec.namespace,
    labels: workloadLabels(spec),
    ...(annotations !== undefined ? { annotations } : {}),
  };
}

/** Pulumi waits this long for a workload to become ready before it reports the update as failed. */
export function awaitAnnotations(timeoutSeconds: number): Record<string, string> {
  return { "pulumi.com/timeoutSeconds": String(timeoutSeconds) };
}
