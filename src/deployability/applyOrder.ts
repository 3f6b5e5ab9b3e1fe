/**
 * Apply order: every namespaced object's namespace, and every custom resource's CRD, is created by
 * a resource the object waits for — or exists before llmfleet runs (Kubernetes' own namespaces, an
 * ACK component the cluster enables). Otherwise the object is applied first and the API server
 * answers "namespace not found" or "no matches for kind". Pods likewise wait for the device plugin
 * of every extended resource they request (devicePlugins.ts).
 */
import { kubernetesObjectOf, type PolicyObject } from "../policy/kubernetes.js";
import { ACK_GATEWAY_API_ADDON, ACK_INFERENCE_GATEWAY_ADDON } from "../inferencePool/pinned.js";
import { chartName } from "../registry/index.js";
import { devicePluginFindings } from "./devicePlugins.js";
import { finding, type DeployabilityFinding, type DeployedResource } from "./types.js";
import { waitGraph } from "./waitGraph.js";

/**
 * Namespaces a cluster has before llmfleet applies anything: Kubernetes' own, and `ack-csi-fuse`,
 * where ACK's csi-plugin runs the ossfs pods from CSI v1.30.4 (ACK announcement "CSI OSS driver
 * upgrade": "the namespace to which the ossfs pods belong are switched to ack-csi-fuse"); the
 * csi-plugin component is in every llmfleet cluster's creation request.
 */
const PREEXISTING_NAMESPACES = new Set(["default", "kube-system", "kube-public", "kube-node-lease", "ack-csi-fuse"]);

interface CrdInstaller {
  /** What installs the CRDs, for messages. */
  readonly name: string;
  readonly installs: (resource: DeployedResource) => boolean;
}

/** A release of the chart, by the chart's own name: `base` from Istio's repository or `oci://<mirror>/charts/base`. */
const chart = (name: string) => (r: DeployedResource) => r.type === "kubernetes:helm.sh/v4:Chart" && chartName(String(r.inputs["chart"] ?? "")) === name;

/** A release manifest applied by `yaml/v2` ConfigFile, by where it is read from. */
const manifest = (file: RegExp) => (r: DeployedResource) => r.type === "kubernetes:yaml/v2:ConfigFile" && file.test(String(r.inputs["file"] ?? ""));
/** An ACK component, by its name. */
const addon = (name: string) => (r: DeployedResource) => r.type === "alicloud:cs/kubernetesAddon:KubernetesAddon" && r.inputs["name"] === name;

/** The installer of each API group's CRDs. */
const CRD_INSTALLERS: Readonly<Record<string, CrdInstaller>> = {
  "networking.istio.io": { name: "the Istio base chart (or ASM)", installs: (r) => chart("base")(r) || r.type === "alicloud:servicemesh/serviceMesh:ServiceMesh" },
  "security.istio.io": { name: "the Istio base chart (or ASM)", installs: (r) => chart("base")(r) || r.type === "alicloud:servicemesh/serviceMesh:ServiceMesh" },
  "monitoring.coreos.com": { name: "the kube-prometheus-stack chart", installs: chart("kube-prometheus-stack") },
  "keda.sh": { name: "ACK's ack-keda component", installs: (r) => r.type === "alicloud:cs/kubernetesAddon:KubernetesAddon" && r.inputs["name"] === "ack-keda" },
  "leaderworkerset.x-k8s.io": { name: "the LeaderWorkerSet chart", installs: chart("lws") },
  "kubeflow.org": { name: "mpi-operator", installs: (r) => r.type === "kubernetes:yaml/v2:ConfigFile" && /mpi-operator/.test(String(r.inputs["file"] ?? "")) },
  // routing: inference-pool (src/inferencePool/pinned.ts): the release manifests, or ACK's components.
  "gateway.networking.k8s.io": {
    name: "the Gateway API CRDs (standard-install.yaml, or ACK's gateway-api component)",
    installs: (r) => manifest(/kubernetes-sigs\/gateway-api\/releases\/.*standard-install\.yaml$/)(r) || addon(ACK_GATEWAY_API_ADDON)(r),
  },
  "inference.networking.k8s.io": {
    name: "the Inference Extension CRDs (its manifests.yaml, or ACK's Gateway with Inference Extension)",
    installs: (r) => manifest(/gateway-api-inference-extension\/releases\/.*manifests\.yaml$/)(r) || addon(ACK_INFERENCE_GATEWAY_ADDON)(r),
  },
};

function groupOf(object: PolicyObject): string {
  return object.apiVersion.includes("/") ? (object.apiVersion.split("/")[0] ?? "") : "";
}

/** Namespaces the resource creates: a Namespace object, or a release manifest that carries its own. */
function createsNamespace(resource: DeployedResource, namespace: string): boolean {
  if (resource.type === "kubernetes:core/v1:Namespace") {
    const metadata = resource.inputs["metadata"];
    return typeof metadata === "object" && metadata !== null && (metadata as Record<string, unknown>)["name"] === namespace;
  }
  return resource.type === "kubernetes:yaml/v2:ConfigFile" && namespace === "mpi-operator" && /mpi-operator/.test(String(resource.inputs["file"] ?? ""));
}

function namespaceFindings(
  resource: DeployedResource,
  object: { readonly ref: string },
  namespace: string,
  before: readonly DeployedResource[],
  resources: readonly DeployedResource[],
): DeployabilityFinding[] {
  if (PREEXISTING_NAMESPACES.has(namespace) || before.some((r) => createsNamespace(r, namespace))) return [];
  const creator = resources.find((r) => createsNamespace(r, namespace));
  return [
    finding(
      "apply-order",
      resource.name,
      `${object.ref} is applied into namespace ${namespace}`,
      creator === undefined ? "no resource of the stack creates that namespace" : `it does not wait for ${creator.name}, which creates it, so it can be applied first and fail with "namespace not found"`,
      creator === undefined ? `create Namespace ${namespace} in the stack before it` : `make it (or its component) depend on ${creator.name}`,
    ),
  ];
}

/** Components that apply a set of objects in their own order: namespaces and CRDs first (Helm v4 Chart, yaml/v2). */
const ORDERING_COMPONENTS = new Set(["kubernetes:helm.sh/v4:Chart", "kubernetes:yaml/v2:ConfigFile", "kubernetes:yaml/v2:ConfigGroup"]);

/** A CustomResourceDefinition object of the group: what a chart rendered by a real engine registers as a child. */
function definesCrd(resource: DeployedResource, group: string): boolean {
  if (resource.type !== "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition") return false;
  const spec = resource.inputs["spec"];
  return typeof spec === "object" && spec !== null && (spec as Record<string, unknown>)["group"] === group;
}

/**
 * What exists before a resource is applied: what it waits for, with everything inside those (a
 * chart's rendered objects, under CrossGuard, are its children), and, for an object inside a chart
 * or manifest, that chart's own objects, which it applies namespaces and CRDs first.
 */
function existingBefore(resource: DeployedResource, graph: ReadonlyMap<string, ReadonlySet<string>>, byUrn: ReadonlyMap<string, DeployedResource>, children: ReadonlyMap<string, readonly DeployedResource[]>): DeployedResource[] {
  const withDescendants = (r: DeployedResource): DeployedResource[] => [r, ...(children.get(r.urn) ?? []).flatMap(withDescendants)];
  const orderingAncestors: DeployedResource[] = [];
  for (let parent = byUrn.get(resource.parentUrn ?? ""); parent !== undefined; parent = byUrn.get(parent.parentUrn ?? "")) {
    if (ORDERING_COMPONENTS.has(parent.type)) orderingAncestors.push(parent);
  }
  const waited = [...(graph.get(resource.urn) ?? [])].map((urn) => byUrn.get(urn)).filter((r): r is DeployedResource => r !== undefined);
  return [...new Set([...waited, ...orderingAncestors].flatMap(withDescendants))];
}

export function applyOrderFindings(resources: readonly DeployedResource[]): DeployabilityFinding[] {
  const graph = waitGraph(resources);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const children = new Map<string, DeployedResource[]>();
  for (const r of resources) if (r.parentUrn !== null) children.set(r.parentUrn, [...(children.get(r.parentUrn) ?? []), r]);
  const findings: DeployabilityFinding[] = [];
  for (const resource of resources) {
    if (!resource.custom && resource.type !== "kubernetes:helm.sh/v4:Chart") continue;
    const before = existingBefore(resource, graph, byUrn, children);
    if (resource.type === "kubernetes:helm.sh/v4:Chart") {
      // Helm v4 Chart does not create its release namespace.
      const namespace = typeof resource.inputs["namespace"] === "string" ? resource.inputs["namespace"] : undefined;
      const chartRef = { ref: `chart ${String(resource.inputs["chart"] ?? resource.name)}` };
      if (namespace !== undefined) findings.push(...namespaceFindings(resource, chartRef, namespace, before, resources));
      continue;
    }
    const object = kubernetesObjectOf({ type: resource.type, name: resource.name, props: resource.inputs });
    if (object === undefined) continue;
    const namespace = object.namespace;
    if (namespace !== undefined) findings.push(...namespaceFindings(resource, object, namespace, before, resources));
    const group = groupOf(object);
    const installer = CRD_INSTALLERS[group];
    const installs = (r: DeployedResource) => installer !== undefined && (installer.installs(r) || definesCrd(r, group));
    if (installer !== undefined && !before.some(installs)) {
      const present = resources.some(installs);
      findings.push(
        finding(
          "apply-order",
          resource.name,
          `${object.ref} is a ${object.apiVersion} custom resource`,
          present ? `it does not wait for ${installer.name}, which installs its CRD, so the API server can answer "no matches for kind ${object.kind}"` : `nothing in the stack installs its CRD (${installer.name}), so the API server answers "no matches for kind ${object.kind}"`,
          present ? `make it (or its component) depend on ${installer.name}` : `install ${installer.name} in the stack, before it`,
        ),
      );
    }
  }
  // Pods wait for the device plugins that register the extended resources they request.
  return [...findings, ...devicePluginFindings(resources)];
}
