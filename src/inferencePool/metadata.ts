import type { ObjectMeta } from "../k8s/index.js";

/** Labels on every object of an inference-pool route, following the mesh's conventions (src/mesh/labels.ts); `component` is `endpoint-picker` for what fronts a picker. */
export function routingMetadata(name: string, namespace: string, route: string, component = "inference-routing"): ObjectMeta {
  return {
    name,
    namespace,
    labels: {
      "app.kubernetes.io/component": component,
      "app.kubernetes.io/part-of": "llmfleet",
      "app.kubernetes.io/managed-by": "pulumi",
      "llmfleet.io/served-model": route,
    },
  };
}
