/**
 * Scheduling: every pod the stack runs — its own workloads, read from the rendered objects, and the
 * charts' and ACK components' system pods — has a pool whose taints it tolerates, whose labels its
 * node selector matches, whose nodes hold its requests (CPU, memory, GPUs, eRDMA), and enough nodes
 * at the deployments' maximum replicas. A pod without such a pool stays Pending for ever; for
 * istiod that also blocks every injected pod, since the injection webhook fails closed.
 * Idle GPUs: a pool whose nodes at their minimum pay for GPUs no pod requests.
 */
import { systemWorkloads, totalRequests } from "../cluster/systemWorkloads.js";
import { kubernetesObjectOf } from "../policy/kubernetes.js";
import { containersOf, podGpus, podTemplatesOf, type PodTemplate } from "../policy/podTemplates.js";
import { parseQuantity } from "../policy/quantity.js";
import { TOKENIZER_CONTAINER } from "../inferencePool/tokenizerSidecar.js";
import { nodePoolsOf, type NodePoolModel } from "./pools.js";
import { finding, type DeployabilityContext, type DeployabilityFinding, type DeployedResource } from "./types.js";

interface PodDemand {
  readonly resource: string;
  readonly where: string;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly gpus: number;
  readonly erdma: boolean;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly Record<string, unknown>[];
  readonly minReplicas: number;
  readonly maxReplicas: number;
}

const MIB = 2 ** 20;

function requestOf(template: PodTemplate, name: string): number {
  return containersOf(template)
    .filter((c) => !c.init)
    .reduce((sum, c) => {
      const requests = (c.body["resources"] as Record<string, Record<string, unknown>> | undefined)?.["requests"] ?? {};
      return sum + (parseQuantity(requests[name]) ?? 0);
    }, 0);
}

/** minReplicaCount and maxReplicaCount of the ScaledObject that scales `workload`, if any. */
function scaledRange(resources: readonly DeployedResource[], kind: string, namespace: string | undefined, name: string): { min: number; max: number } | undefined {
  for (const r of resources) {
    const object = kubernetesObjectOf({ type: r.type, name: r.name, props: r.inputs });
    if (object?.kind !== "ScaledObject" || object.namespace !== namespace) continue;
    const spec = object.body["spec"] as Record<string, unknown> | undefined;
    const target = spec?.["scaleTargetRef"] as Record<string, unknown> | undefined;
    if (target?.["name"] === name && (target["kind"] ?? "Deployment") === kind && typeof spec?.["maxReplicaCount"] === "number") {
      // KEDA's default minReplicaCount is 0.
      return { min: typeof spec["minReplicaCount"] === "number" ? spec["minReplicaCount"] : 0, max: spec["maxReplicaCount"] };
    }
  }
  return undefined;
}

/**
 * Endpoint pickers (src/inferencePool) are system workloads: they size the system pool with the
 * charts' pods (`systemWorkloads`), not as pods of their own that each take whole nodes here.
 */
function isEndpointPicker(template: { readonly labels: Readonly<Record<string, string>> }): boolean {
  return template.labels["app.kubernetes.io/component"] === "endpoint-picker";
}

/** A precise picker: its pod also runs llm-d's tokenizer (src/inferencePool/tokenizerSidecar.ts). */
function hasTokenizerSidecar(template: PodTemplate): boolean {
  return containersOf(template).some((container) => container.name === TOKENIZER_CONTAINER);
}

function demandsOf(resources: readonly DeployedResource[]): PodDemand[] {
  return resources.flatMap((r) =>
    podTemplatesOf({ type: r.type, name: r.name, props: r.inputs }).filter((template) => !isEndpointPicker(template)).map((template) => {
      const replicas = template.replicas ?? 1;
      const scaled = template.multiNode ? undefined : scaledRange(resources, template.object.kind, template.object.namespace, template.object.name);
      const selector = template.spec["nodeSelector"];
      const tolerations = template.spec["tolerations"];
      return {
        resource: r.name,
        where: template.where,
        cpuMillis: requestOf(template, "cpu") * 1000,
        memoryMiB: requestOf(template, "memory") / MIB,
        gpus: podGpus(template),
        erdma: requestOf(template, "aliyun/erdma") > 0,
        nodeSelector: typeof selector === "object" && selector !== null ? (selector as Record<string, string>) : {},
        tolerations: Array.isArray(tolerations) ? (tolerations as Record<string, unknown>[]) : [],
        minReplicas: scaled?.min ?? replicas,
        maxReplicas: scaled?.max ?? replicas,
      };
    }),
  );
}

function tolerates(tolerations: readonly Record<string, unknown>[], taint: NodePoolModel["taints"][number]): boolean {
  if (taint.effect === "PreferNoSchedule") return true;
  return tolerations.some(
    (t) =>
      (t["key"] === undefined || t["key"] === taint.key) &&
      (t["operator"] === "Exists" || t["value"] === taint.value) &&
      (t["effect"] === undefined || t["effect"] === taint.effect),
  );
}

/** Why the pod cannot land on the pool, or null when it can. */
function misfit(pod: Pick<PodDemand, "cpuMillis" | "memoryMiB" | "gpus" | "erdma" | "nodeSelector" | "tolerations">, pool: NodePoolModel): string | null {
  const untolerated = pool.taints.find((taint) => !tolerates(pod.tolerations, taint));
  if (untolerated !== undefined) return `it does not tolerate the taint ${untolerated.key}=${untolerated.value}:${untolerated.effect}`;
  const unmatched = Object.entries(pod.nodeSelector).find(([key, value]) => pool.labels[key] !== value);
  if (unmatched !== undefined) return `its node selector ${unmatched[0]}=${unmatched[1]} matches no node label`;
  if (pod.gpus > pool.gpusPerNode) return `it requests ${pod.gpus} GPUs and a node has ${pool.gpusPerNode}`;
  if (pod.cpuMillis > pool.allocatablePerNode.cpuMillis) return `it requests ${pod.cpuMillis}m CPU and a node has ${pool.allocatablePerNode.cpuMillis}m allocatable`;
  if (pod.memoryMiB > pool.allocatablePerNode.memoryMiB) return `it requests ${Math.ceil(pod.memoryMiB)} MiB and a node has ${pool.allocatablePerNode.memoryMiB} MiB allocatable`;
  if (pod.erdma && pool.labels["llmfleet.io/erdma"] !== "true") return "it requests aliyun/erdma and the pool has no eRDMA";
  return null;
}

/** Pods of one template a node holds. */
function podsPerNode(pod: PodDemand, pool: NodePoolModel): number {
  const limits = [
    pod.gpus > 0 ? Math.floor(pool.gpusPerNode / pod.gpus) : Infinity,
    pod.cpuMillis > 0 ? Math.floor(pool.allocatablePerNode.cpuMillis / pod.cpuMillis) : Infinity,
    pod.memoryMiB > 0 ? Math.floor(pool.allocatablePerNode.memoryMiB / pod.memoryMiB) : Infinity,
  ];
  const fit = Math.min(...limits);
  return Number.isFinite(fit) ? Math.max(fit, 1) : pod.maxReplicas || 1;
}

/** System pods from the charts and ACK components the stack installs. */
function systemDemand(resources: readonly DeployedResource[]) {
  const has = (test: (r: DeployedResource) => boolean) => resources.some(test);
  const chart = (name: string) => (r: DeployedResource) => r.type === "kubernetes:helm.sh/v4:Chart" && String(r.inputs["chart"] ?? "").endsWith(name);
  const pickerTemplates = resources.flatMap((r) => podTemplatesOf({ type: r.type, name: r.name, props: r.inputs })).filter(isEndpointPicker);
  const workloads = systemWorkloads({
    mesh: has(chart("istiod")),
    monitoring: has(chart("kube-prometheus-stack")),
    keda: has((r) => r.type === "alicloud:cs/kubernetesAddon:KubernetesAddon" && r.inputs["name"] === "ack-keda"),
    leaderWorkerSet: has(chart("lws")),
    mpiOperator: has((r) => r.type === "kubernetes:yaml/v2:ConfigFile" && /mpi-operator/.test(String(r.inputs["file"] ?? ""))),
    // Launchers are read from the rendered MPIJobs instead.
    mpiLaunchers: 0,
    inferenceRouting: {
      pickers: pickerTemplates.length,
      tokenizers: pickerTemplates.filter(hasTokenizerSidecar).length,
      // The proxy a Gateway API implementation runs per Gateway is no rendered object.
      gateways: resources.filter((r) => r.type === "kubernetes:gateway.networking.k8s.io/v1:Gateway").length,
    },
  });
  return { workloads, total: totalRequests(workloads) };
}

export function schedulingFindings(resources: readonly DeployedResource[], context: DeployabilityContext): DeployabilityFinding[] {
  const pools = nodePoolsOf(resources, context.declaredPools);
  const findings: DeployabilityFinding[] = [];
  const nodesUsed = new Map<string, { max: number; min: number; gpusAtMin: number }>();
  const use = (pool: NodePoolModel, max: number, min: number, gpus: number) => {
    const used = nodesUsed.get(pool.name) ?? { max: 0, min: 0, gpusAtMin: 0 };
    nodesUsed.set(pool.name, { max: used.max + max, min: used.min + min, gpusAtMin: used.gpusAtMin + gpus });
  };

  for (const pod of demandsOf(resources)) {
    const pool = pools.find((candidate) => misfit(pod, candidate) === null);
    if (pool === undefined) {
      const reasons = pools.map((p) => `${p.name}: ${misfit(pod, p) ?? "fits"}`).join("; ");
      findings.push(
        finding("scheduling", pod.resource, `${pod.where} has no node pool it can run on`, pools.length === 0 ? "the stack has no node pool" : reasons, "add a pool that carries its node selector, tolerated taints and room for its requests, or change the pod"),
      );
      continue;
    }
    const perNode = podsPerNode(pod, pool);
    use(pool, Math.ceil(pod.maxReplicas / perNode), Math.ceil(pod.minReplicas / perNode), pod.minReplicas * pod.gpus);
  }

  const system = systemDemand(resources);
  const systemPod = { cpuMillis: Math.max(...system.workloads.map((w) => w.cpuMillis)), memoryMiB: Math.max(...system.workloads.map((w) => w.memoryMiB)), gpus: 0, erdma: false, nodeSelector: {}, tolerations: [] };
  const systemPool = pools.find((pool) => misfit(systemPod, pool) === null);
  if (systemPool === undefined) {
    const names = system.workloads.map((w) => w.name).join(", ");
    findings.push(
      finding(
        "scheduling",
        "cluster",
        `${names} have no node pool they can run on`,
        `every pool is tainted (${pools.map((p) => `${p.name}: ${misfit(systemPod, p) ?? "fits"}`).join("; ")}), so they stay Pending, and with istiod Pending the injection webhook refuses every pod of an injected namespace`,
        "keep the system pool (cluster.mode new creates one); for an existing cluster declare its untainted pool in cluster.systemPool {name, instanceType, nodes}",
      ),
    );
  } else {
    const nodes = Math.max(Math.ceil(system.total.cpuMillis / systemPool.allocatablePerNode.cpuMillis), Math.ceil(system.total.memoryMiB / systemPool.allocatablePerNode.memoryMiB));
    use(systemPool, nodes, nodes, 0);
  }

  for (const pool of pools) {
    const used = nodesUsed.get(pool.name);
    if (used === undefined) continue;
    if (used.max > pool.maxNodes) {
      findings.push(
        finding("scheduling", pool.name, `node pool ${pool.name} has at most ${pool.maxNodes} node(s)`, `its pods need ${used.max} at their maximum replicas, so the rest stay Pending`, `let the pool grow to at least ${used.max} nodes`),
      );
    }
    const idle = pool.gpusPerNode * Math.max(pool.minNodes, used.min) - used.gpusAtMin;
    if (pool.gpusPerNode > 0 && idle > 0) {
      findings.push(
        finding(
          "scheduling",
          pool.name,
          `node pool ${pool.name} pays for ${idle} GPU(s) no pod requests at its minimum size`,
          `${Math.max(pool.minNodes, used.min)} × ${pool.instanceType} carry ${pool.gpusPerNode * Math.max(pool.minNodes, used.min)} GPUs and the pods on it request ${used.gpusAtMin}`,
          "use an instance type whose GPUs the plan fills (or a plan that fills the instance), or lower the pool's minimum",
        ),
      );
    }
  }
  return findings;
}
