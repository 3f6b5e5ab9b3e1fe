import type { ObjectMeta } from "../k8s/index.js";

/** Labels on every object the mesh emits, following the InferenceDeployment conventions. */
export function meshMetadata(name: string, namespace: string, model?: string): ObjectMeta {
  return {
    name,
    namespace,
    labels: {
      "app.kubernetes.io/component": "mesh",
      "app.kubernetes.io/part-of": "llmfleet",
      "app.kubernetes.io/managed-by": "pulumi",
      ...(model === undefined ? {} : { "llmfleet.io/served-model": model }),
    },
  };
}
