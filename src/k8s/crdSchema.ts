import { parseAllDocuments } from "yaml";

/** The CRDs llmfleet emits objects of, and where their schemas come from upstream. */
export const crdSchemaSources = [
  {
    apiVersion: "leaderworkerset.x-k8s.io/v1",
    kind: "LeaderWorkerSet",
    version: "v1",
    file: "leaderworkerset.v1.json",
    /** kubernetes-sigs/lws config/crd/bases. */
    upstreamFile: "leaderworkerset.x-k8s.io_leaderworkersets.yaml",
    /** Spec fields the workload builders set. */
    fieldsWritten: ["leaderWorkerTemplate", "leaderTemplate", "workerTemplate", "restartPolicy", "startupPolicy", "rolloutStrategy", "rollingUpdateConfiguration"],
  },
  {
    apiVersion: "kubeflow.org/v2beta1",
    kind: "MPIJob",
    version: "v2beta1",
    file: "mpijob.v2beta1.json",
    /** kubeflow/mpi-operator manifests/base. */
    upstreamFile: "kubeflow.org_mpijobs.yaml",
    fieldsWritten: ["slotsPerWorker", "mpiImplementation", "launcherCreationPolicy", "runPolicy", "cleanPodPolicy", "mpiReplicaSpecs"],
  },
  {
    apiVersion: "inference.networking.k8s.io/v1",
    kind: "InferencePool",
    version: "v1",
    file: "inferencepool.v1.json",
    /**
     * kubernetes-sigs/gateway-api-inference-extension config/crd/bases. The team's copy is the
     * v1.6.0 bundle; v1.5.0's (the release llmfleet pins) differs only in also listing
     * `endpointPickerRef` under `spec.required`, which every pool llmfleet renders sets
     * (test/inferencePool/objects.test.ts).
     */
    upstreamFile: "inference.networking.k8s.io_inferencepools.yaml",
    fieldsWritten: ["selector", "matchLabels", "targetPorts", "endpointPickerRef", "failureMode"],
  },
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Drops prose (`description`) so the kept schema is small; validation keywords are untouched. */
function withoutDescriptions(node: Json): Json {
  if (Array.isArray(node)) return node.map(withoutDescriptions);
  if (node === null || typeof node !== "object") return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "description" && typeof value === "string") continue;
    out[key] = withoutDescriptions(value);
  }
  return out;
}

/** Returns the `openAPIV3Schema` of `version` in a CRD YAML document, descriptions removed. */
export function extractCrdSchema(crdYaml: string, version: string): Json {
  for (const document of parseAllDocuments(crdYaml)) {
    const crd = document.toJS() as {
      kind?: string;
      spec?: { versions?: { name: string; schema?: { openAPIV3Schema?: Json } }[] };
    };
    if (crd.kind !== "CustomResourceDefinition") continue;
    const schema = crd.spec?.versions?.find((v) => v.name === version)?.schema?.openAPIV3Schema;
    if (schema !== undefined) return withoutDescriptions(schema);
  }
  throw new Error(`no openAPIV3Schema for version ${version} in the CRD`);
}
