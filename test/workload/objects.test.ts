import { describe, expect, it } from "vitest";
import type { KubernetesObject } from "../../src/k8s/types.js";
import { buildInferenceWorkload, erdmaImageWarning, ncclTransport } from "../../src/workload/index.js";
import { waitingRequestsQuery } from "../../src/workload/objects/scaledObject.js";
import { at, modes, plan, specInput, parseSpec } from "./fixtures.js";

function find(objects: readonly KubernetesObject[], kind: string): KubernetesObject {
  const object = objects.find((candidate) => candidate.kind === kind);
  if (object === undefined) throw new Error(`no ${kind}`);
  return object;
}

function build(mode: string): KubernetesObject[] {
  const spec = modes[mode]?.();
  if (spec === undefined) throw new Error(`no fixture for ${mode}`);
  return buildInferenceWorkload(spec, "k");
}

describe("Service", () => {
  it("is ClusterIP with named http and metrics ports", () => {
    const service = find(build("vLLM single node"), "Service");
    expect(at(service, "spec", "type")).toBe("ClusterIP");
    expect(at(service, "spec", "ports")).toEqual([
      { name: "http", port: 8000, targetPort: "http", protocol: "TCP", appProtocol: "http" },
      { name: "metrics", port: 9090, targetPort: "http", protocol: "TCP", appProtocol: "http" },
    ]);
  });

  it("sends traffic only to the leaders of multi-node groups, and does not collide with LWS's headless Service", () => {
    const objects = build("vLLM multi-node (multiprocessing)");
    expect(at(find(objects, "Service"), "spec", "selector", "llmfleet.io/role")).toBe("leader");
    expect(find(objects, "LeaderWorkerSet").metadata.name).toBe("llama-lws");
  });
});

describe("LeaderWorkerSet", () => {
  it("recreates the whole group on a pod restart and starts workers with the leader", () => {
    const lws = find(build("vLLM multi-node (multiprocessing)"), "LeaderWorkerSet");
    expect(at(lws, "spec", "leaderWorkerTemplate")).toMatchObject({ size: 2, restartPolicy: "RecreateGroupOnPodRestart" });
    expect(at(lws, "spec", "startupPolicy")).toBe("LeaderCreated");
  });
});

describe("rollouts", () => {
  it("replace one replica at a time without spare GPUs", () => {
    expect(at(find(build("vLLM single node"), "Deployment"), "spec", "strategy", "rollingUpdate")).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });

  it("surge as many replicas as the spare GPUs hold", () => {
    const objects = buildInferenceWorkload(parseSpec(specInput({ spareGpus: 2 })), "k");
    expect(at(find(objects, "Deployment"), "spec", "strategy", "rollingUpdate")).toEqual({ maxSurge: 2, maxUnavailable: 0 });
  });

  it("wait for the model to load before Pulumi gives up", () => {
    const deployment = find(build("vLLM single node"), "Deployment");
    expect(Number(deployment.metadata.annotations?.["pulumi.com/timeoutSeconds"])).toBeGreaterThanOrEqual(1500);
  });
});

describe("PodDisruptionBudget", () => {
  it("exists from two replicas on and always allows evicting unhealthy pods", () => {
    expect(at(find(build("vLLM single node"), "PodDisruptionBudget"), "spec")).toMatchObject({ maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow" });
    expect(buildInferenceWorkload(parseSpec(specInput()), "k").map((o) => o.kind)).not.toContain("PodDisruptionBudget");
  });
});

describe("NetworkPolicy", () => {
  const prometheus = {
    namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } },
    podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/managed-by": "prometheus-operator" } },
  };

  it("admits the API only from the mesh gateway and the Prometheus pods, and the sidecar's metrics ports only from Prometheus", () => {
    const policy = find(build("vLLM single node"), "NetworkPolicy");
    expect(at(policy, "spec", "ingress")).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } }, podSelector: { matchLabels: { istio: "ingressgateway" } } }],
        ports: [{ protocol: "TCP", port: "http" }],
      },
      { from: [prometheus], ports: [{ protocol: "TCP", port: "http" }] },
      { from: [prometheus], ports: [{ protocol: "TCP", port: 15090 }, { protocol: "TCP", port: 15020 }] },
    ]);
  });

  it("opens no sidecar port on multi-node pods, which have no sidecar", () => {
    const ingress = at(find(build("vLLM multi-node (Ray)"), "NetworkPolicy"), "spec", "ingress");
    expect(JSON.stringify(ingress)).not.toContain("15090");
    expect(ingress).toContainEqual({ from: [prometheus], ports: [{ protocol: "TCP", port: "http" }] });
  });

  it("opens NCCL and rendezvous ports only to pods of the same deployment", () => {
    const ingress = at(find(build("vLLM multi-node (Ray)"), "NetworkPolicy"), "spec", "ingress");
    expect(ingress).toContainEqual({ from: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "llama", "app.kubernetes.io/component": "inference" } } }] });
  });
});

describe("KEDA ScaledObject", () => {
  const spec = parseSpec(specInput({ autoscaling: { minReplicas: 1, maxReplicas: 6 } }));
  const objects = buildInferenceWorkload(spec, "k");
  const scaled = find(objects, "ScaledObject");

  it("scales on waiting requests, never on CPU, with a ≥ 300 s scale-down window", () => {
    expect(at(scaled, "spec", "triggers")).toEqual([
      {
        type: "prometheus",
        metricType: "AverageValue",
        metadata: { serverAddress: "http://prometheus-operated.monitoring.svc:9090", query: 'sum(vllm:num_requests_waiting{job="llmfleet-engines",namespace="llm-serving",deployment="qwen"})', threshold: "5" },
      },
    ]);
    expect(at(scaled, "spec", "advanced", "horizontalPodAutoscalerConfig", "behavior", "scaleDown", "stabilizationWindowSeconds")).toBe(300);
  });

  it("reads one deployment's queue: a backup or canary serving the same model name is another deployment label", () => {
    const backup = parseSpec(specInput({ name: "qwen-backup", version: "backup", autoscaling: { minReplicas: 1, maxReplicas: 2 } }));
    expect(waitingRequestsQuery(backup)).toBe('sum(vllm:num_requests_waiting{job="llmfleet-engines",namespace="llm-serving",deployment="qwen-backup"})');
    expect(waitingRequestsQuery(spec)).not.toContain("qwen-backup");
  });

  it("reads each engine's own queue metric (SGLang's, from its folder)", () => {
    const sglang = parseSpec(specInput({ engine: "sglang", plan: plan({ engine: "sglang" }), autoscaling: { minReplicas: 1, maxReplicas: 2 } }));
    expect(waitingRequestsQuery(sglang)).toMatch(/^sum\(sglang:num_queue_reqs\{.*deployment="qwen"\}\)$/);
  });

  it("scales to zero only when asked, woken by the gateway's request count for its route", () => {
    expect(at(scaled, "spec")).not.toHaveProperty("idleReplicaCount");
    const toZero = parseSpec(specInput({ autoscaling: { minReplicas: 1, maxReplicas: 6, scaleToZero: true }, route: { route: "qwen", subsets: ["v1"] } }));
    const object = find(buildInferenceWorkload(toZero, "k"), "ScaledObject");
    expect(at(object, "spec", "idleReplicaCount")).toBe(0);
    expect(at(object, "spec", "minReplicaCount")).toBe(1);
    const triggers = at(object, "spec", "triggers") as { metadata: Record<string, string> }[];
    expect(triggers[1]?.metadata).toMatchObject({
      query: 'sum(rate(istio_requests_total{reporter="source",destination_service_namespace="llm-serving",destination_service_name="qwen-serving"}[2m]))',
      activationThreshold: "0",
    });
  });

  it("refuses scale to zero without a route: nothing could wake it", () => {
    expect(() => parseSpec(specInput({ autoscaling: { minReplicas: 1, maxReplicas: 6, scaleToZero: true } }))).toThrow(/autoscaling\.scaleToZero.*behind no route.*put the deployment behind a route/s);
  });

  it("owns the replica count: the Deployment leaves it unset", () => {
    expect(at(scaled, "spec", "scaleTargetRef")).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: "qwen" });
    expect(at(find(objects, "Deployment"), "spec", "replicas")).toBeUndefined();
  });
});

describe("startup budget", () => {
  it("counts every tensor-parallel rank reading the whole checkpoint (vllm#5405): TP 4 reads it 4 times", () => {
    const base = parseSpec(specInput());
    // A slow store, so that the reads, not the 10-minute floor, set the budget.
    const volume = { ...base.volume, readThroughputMiBps: 20 };
    const tp4 = parseSpec(specInput({ plan: plan({ tensorParallel: 4, gpus: 4, gpusPerNode: 4 }), placement: { ...base.placement, gpusPerNode: 4 }, volume }));
    const reads = Math.ceil((tp4.plan.model.weightBytes * 4) / (tp4.volume.readThroughputMiBps * 2 ** 20));
    const probe = podTemplateContainer(buildInferenceWorkload(tp4, "k"))["startupProbe"] as { periodSeconds: number; failureThreshold: number };
    expect(probe.periodSeconds * probe.failureThreshold).toBeGreaterThanOrEqual(reads);
    const tp1 = podTemplateContainer(buildInferenceWorkload(parseSpec(specInput({ volume })), "k"))["startupProbe"] as { periodSeconds: number; failureThreshold: number };
    expect(probe.failureThreshold).toBeGreaterThan(tp1.failureThreshold);
  });
});

function podTemplateContainer(objects: KubernetesObject[]): Record<string, unknown> {
  const container = (at(find(objects, "Deployment"), "spec", "template", "spec", "containers") as Record<string, unknown>[])[0];
  if (container === undefined) throw new Error("no container");
  return container;
}


describe("NCCL transport between nodes", () => {
  it("states eRDMA for a multi-node group on an eRDMA pool, matching the environment it sets", () => {
    const multiNode = modes["vLLM multi-node (multiprocessing)"]?.();
    if (multiNode === undefined) throw new Error("fixture missing");
    // An image built with the erdma provider (the stock vLLM image has none: see the next cases).
    const onErdma = { ...multiNode, image: { repository: "registry.example.com/vllm-erdma", tag: "v0.18.0" }, placement: { ...multiNode.placement, erdma: true } };
    expect(ncclTransport(onErdma)?.between).toBe("eRDMA");
    const env = JSON.stringify(buildInferenceWorkload(onErdma, "k"));
    expect(env).toContain('"NCCL_IB_HCA","value":"erdma"');
    const onTcp = { ...multiNode, placement: { ...multiNode.placement, erdma: false } };
    expect(ncclTransport(onTcp)).toEqual({ between: "TCP sockets", why: expect.stringContaining("was created without eRDMA") });
    expect(JSON.stringify(buildInferenceWorkload(onTcp, "k"))).toContain('"NCCL_IB_DISABLE","value":"1"');
  });

  it("says why a group gets TCP sockets: an instance type without eRDMA is named as such", () => {
    const multiNode = modes["vLLM multi-node (multiprocessing)"]?.();
    if (multiNode === undefined) throw new Error("fixture missing");
    const onA10 = { ...multiNode, placement: { ...multiNode.placement, instanceType: "ecs.gn7i-4x.16xlarge", erdma: false } };
    expect(ncclTransport(onA10)).toEqual({ between: "TCP sockets", why: "ecs.gn7i-4x.16xlarge has no eRDMA (its family is not one of the eRDMA families), so no device exists: NCCL_IB_DISABLE=1, sockets on eth0" });
  });

  it("states on eRDMA what the engine image must carry for NCCL to open the device", () => {
    const multiNode = modes["vLLM multi-node (multiprocessing)"]?.();
    if (multiNode === undefined) throw new Error("fixture missing");
    const why = ncclTransport({ ...multiNode, image: { repository: "registry.example.com/vllm-erdma", tag: "v0.18.0" }, placement: { ...multiNode.placement, erdma: true } })?.why ?? "";
    expect(why).toContain("libibverbs with the erdma provider");
    expect(why).toContain("driver ofed");
  });

  it("states TCP sockets, with the fix, for an eRDMA group on the stock vLLM image, whose libibverbs has no erdma provider", () => {
    const multiNode = modes["vLLM multi-node (multiprocessing)"]?.();
    if (multiNode === undefined) throw new Error("fixture missing");
    const stock = { ...multiNode, image: undefined, placement: { ...multiNode.placement, erdma: true } };
    expect(ncclTransport(stock)).toEqual({ between: "TCP sockets", why: expect.stringContaining("vllm/vllm-openai:v0.18.0 is built on Ubuntu 22.04, whose libibverbs has no erdma provider") });
    expect(erdmaImageWarning(stock)).toContain("NCCL will use TCP sockets between the nodes. Fix: build an image FROM it with Alibaba's rdma-core");
    expect(erdmaImageWarning({ ...stock, image: { repository: "registry.example.com/vllm-erdma", tag: "v0.18.0" } })).toBeUndefined();
  });

  it("states nothing for a replica on one node", () => {
    expect(ncclTransport(parseSpec(specInput()))).toBeUndefined();
  });
});
