import type { KubernetesObject } from "../../k8s/types.js";
import type { InferenceDeploymentSpec } from "../spec.js";
import { objectMeta } from "./metadata.js";

/** The engine pods' own identity: no RBAC bindings and no API token mounted (they never call the API server). */
export function buildServiceAccount(spec: InferenceDeploymentSpec, name: string): KubernetesObject {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: objectMeta(spec, name), automountServiceAccountToken: false };
}
