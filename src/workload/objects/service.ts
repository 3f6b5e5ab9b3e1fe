import type { KubernetesObject } from "../../k8s/types.js";
import { engineDefinition } from "../../engines/index.js";
import { ROLE_LABEL, selectorLabels } from "../labels.js";
import { HTTP_PORT_NAME } from "../probes.js";
import { workloadShape } from "../shape.js";
import type { InferenceDeploymentSpec } from "../spec.js";
import { objectMeta } from "./metadata.js";

/**
 * Service port under which monitoring scrapes `/metrics`. The engines serve metrics on their API
 * port; the Service exposes that port a second time under the name `metrics` that monitoring
 * selects by (docs/architecture.md).
 */
export const METRICS_PORT = 9090;

/** The API port of a serving engine; null for batch jobs (a batch engine, or `batchJob` on a serving one). */
export function servingPort(spec: Pick<InferenceDeploymentSpec, "engine" | "batchJob">): number | null {
  return spec.batchJob === undefined ? engineDefinition(spec.engine).container.port : null;
}

/** The pods that receive traffic: every replica pod, or only the leaders of multi-node groups. */
export function servingSelector(spec: InferenceDeploymentSpec): Record<string, string> {
  return { ...selectorLabels(spec.name), ...(workloadShape(spec).multiNode ? { [ROLE_LABEL]: "leader" } : {}) };
}

/** ClusterIP only: the mesh gateway is the one way in (Kubescape C-0021 flags exposed vLLM). */
export function buildService(spec: InferenceDeploymentSpec, port: number): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: objectMeta(spec, spec.name),
    spec: {
      type: "ClusterIP",
      selector: servingSelector(spec),
      ports: [
        { name: HTTP_PORT_NAME, port, targetPort: HTTP_PORT_NAME, protocol: "TCP", appProtocol: "http" },
        { name: "metrics", port: METRICS_PORT, targetPort: HTTP_PORT_NAME, protocol: "TCP", appProtocol: "http" },
      ],
    },
  };
}
