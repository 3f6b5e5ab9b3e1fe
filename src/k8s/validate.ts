import { Ajv, type ValidateFunction } from "ajv";
import leaderWorkerSetSchema from "./crds/leaderworkerset.v1.json" with { type: "json" };
import inferencePoolSchema from "./crds/inferencepool.v1.json" with { type: "json" };
import mpiJobSchema from "./crds/mpijob.v2beta1.json" with { type: "json" };
import { objectRef, objectType, type KubernetesObject } from "./types.js";

/**
 * Upstream schema validation for every Kubernetes object llmfleet emits: built-in kinds through
 * `kubernetes-models`, Istio / prometheus-operator / KEDA through their `@kubernetes-models/*`
 * packages (Gateway API: `@kubernetes-models/gateway-api`), LeaderWorkerSet, MPIJob and InferencePool
 * through their CRD `openAPIV3Schema` (kept in ./crds).
 */

interface ModelClass {
  new (data: object): { validate(): void };
}
type ModelModule = Record<string, unknown>;

/** apiVersion → the model package module that defines its kinds. Loaded lazily: these are large. */
const modelModules: Readonly<Record<string, () => Promise<ModelModule>>> = {
  v1: () => import("kubernetes-models/v1"),
  "apps/v1": () => import("kubernetes-models/apps/v1"),
  "batch/v1": () => import("kubernetes-models/batch/v1"),
  "policy/v1": () => import("kubernetes-models/policy/v1"),
  "networking.k8s.io/v1": () => import("kubernetes-models/networking.k8s.io/v1"),
  "rbac.authorization.k8s.io/v1": () => import("kubernetes-models/rbac.authorization.k8s.io/v1"),
  "autoscaling/v2": () => import("kubernetes-models/autoscaling/v2"),
  "storage.k8s.io/v1": () => import("kubernetes-models/storage.k8s.io/v1"),
  "networking.istio.io/v1": () => import("@kubernetes-models/istio/networking.istio.io/v1"),
  "security.istio.io/v1": () => import("@kubernetes-models/istio/security.istio.io/v1"),
  "monitoring.coreos.com/v1": () => import("@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1"),
  "keda.sh/v1alpha1": () => import("@kubernetes-models/keda/keda.sh/v1alpha1"),
  "gateway.networking.k8s.io/v1": () => import("@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1"),
};

let ajv: Ajv | undefined;
const crdValidators = new Map<string, ValidateFunction>();

function crdValidator(type: string): ValidateFunction | undefined {
  const schema =
    type === "leaderworkerset.x-k8s.io/v1/LeaderWorkerSet"
      ? leaderWorkerSetSchema
      : type === "kubeflow.org/v2beta1/MPIJob"
        ? mpiJobSchema
        : type === "inference.networking.k8s.io/v1/InferencePool"
          ? inferencePoolSchema
          : undefined;
  if (schema === undefined) return undefined;
  let validator = crdValidators.get(type);
  if (validator === undefined) {
    // CRD schemas use Kubernetes extensions (x-kubernetes-*), which ajv must ignore rather than reject.
    ajv ??= new Ajv({
      strict: false,
      allErrors: true,
      formats: {
        int32: { type: "number", validate: (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** 31 },
        int64: { type: "number", validate: (n: number) => Number.isInteger(n) },
        // Timestamps appear only in status, which llmfleet never writes.
        "date-time": true,
      },
    });
    validator = ajv.compile(schema);
    crdValidators.set(type, validator);
  }
  return validator;
}

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL_KINDS = new Set(["Service", "Namespace"]);

function metadataProblems(object: KubernetesObject): string[] {
  const name = object.metadata?.name;
  if (typeof name !== "string" || name === "") return ["metadata.name is required"];
  const problems: string[] = [];
  const maxLength = DNS_LABEL_KINDS.has(object.kind) ? 63 : 253;
  if (name.length > maxLength) problems.push(`metadata.name "${name}" is longer than ${maxLength} characters`);
  if (!DNS_SUBDOMAIN.test(name) || (DNS_LABEL_KINDS.has(object.kind) && name.includes("."))) {
    problems.push(`metadata.name "${name}" is not a valid DNS-1123 name (lower-case letters, digits, '-')`);
  }
  for (const [key, value] of Object.entries(object.metadata.labels ?? {})) {
    if (typeof value !== "string" || value.length > 63 || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)) {
      problems.push(`metadata.labels["${key}"] = "${String(value)}" is not a valid label value`);
    }
  }
  return problems;
}

/**
 * Returns the schema problems of one object (empty when valid). A kind with no known schema is a
 * problem too: llmfleet must never emit an object it cannot check.
 */
export async function manifestProblems(object: KubernetesObject): Promise<string[]> {
  const problems = metadataProblems(object);
  const type = objectType(object);
  const crd = crdValidator(type);
  if (crd !== undefined) {
    if (!crd(object)) {
      for (const error of crd.errors ?? []) problems.push(`${error.instancePath || "(root)"} ${error.message ?? "is invalid"}`);
    }
    return problems;
  }
  const load = modelModules[object.apiVersion];
  const model = load === undefined ? undefined : (await load())[object.kind];
  if (typeof model !== "function") return [...problems, `no upstream schema is known for ${type}`];
  try {
    new (model as ModelClass)(object).validate();
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return problems;
}

export interface ManifestFinding {
  readonly object: string;
  readonly problems: readonly string[];
}

/** Validates many objects; returns one finding per invalid object. */
export async function validateManifests(objects: readonly KubernetesObject[]): Promise<ManifestFinding[]> {
  const findings: ManifestFinding[] = [];
  for (const object of objects) {
    const problems = await manifestProblems(object);
    if (problems.length > 0) findings.push({ object: objectRef(object), problems });
  }
  return findings;
}
