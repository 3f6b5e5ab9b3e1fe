import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../src/policy/index.js";
import { netpolDefaultDeny, noPublicServices, pdbSane } from "../../src/policy/rules/index.js";
import { ALLOW_QWEN, DEFAULT_DENY, disruptionBudget, GATEWAY_SERVICE, gpuDeployment, gpuLeaderWorkerSet, k8s, LABELS, NS, service, violationsOf } from "./fixtures.js";

describe("netpol-default-deny", () => {
  it("passes a namespace with a default deny and an allow policy selecting the workload", () => {
    expect(violationsOf(netpolDefaultDeny, [gpuDeployment(), DEFAULT_DENY, ALLOW_QWEN])).toEqual([]);
  });

  it("fails a namespace without a default deny", () => {
    const [found, ...rest] = violationsOf(netpolDefaultDeny, [gpuDeployment(), ALLOW_QWEN]);
    expect(rest).toEqual([]);
    expect(found?.resource).toBeNull();
    expect(found?.message).toContain("namespace llm-serving (Deployment llm-serving/qwen) has no default-deny ingress NetworkPolicy");
    expect(found?.message).toContain("Fix: add a NetworkPolicy in llm-serving with podSelector: {}, policyTypes: [Ingress] and no ingress rules");
  });

  it("fails a workload that no policy allows traffic to", () => {
    const [found] = violationsOf(netpolDefaultDeny, [gpuDeployment(), DEFAULT_DENY]);
    expect(found).toMatchObject({ resource: { name: "qwen" } });
    expect(found?.message).toContain("no NetworkPolicy allows ingress to Deployment llm-serving/qwen");
  });

  const batchJob = (ports: object[]) =>
    k8s("kubernetes:batch/v1:Job", {
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: { name: "qwen-batch", namespace: NS, labels: LABELS },
      spec: { template: { metadata: { labels: LABELS }, spec: { restartPolicy: "Never", containers: [{ name: "vllm", image: "vllm/vllm-openai:v0.18.0", ports }] } } },
    });

  it("lets a Job that declares no port rely on the default deny alone (it listens on nothing)", () => {
    expect(violationsOf(netpolDefaultDeny, [batchJob([]), DEFAULT_DENY])).toEqual([]);
  });

  it("still fails a Job that declares a port no policy admits", () => {
    const [found] = violationsOf(netpolDefaultDeny, [batchJob([{ containerPort: 8000 }]), DEFAULT_DENY]);
    expect(found?.message).toContain("no NetworkPolicy allows ingress to Job llm-serving/qwen-batch");
  });
});

describe("no-public-services", () => {
  it("passes ClusterIP services and the gateway's LoadBalancer", () => {
    expect(violationsOf(noPublicServices, service("qwen", NS, { selector: LABELS }))).toEqual([]);
    expect(violationsOf(noPublicServices, GATEWAY_SERVICE)).toEqual([]);
  });

  it("fails a LoadBalancer in front of vLLM", () => {
    const [found] = violationsOf(noPublicServices, service("qwen-public", NS, { type: "LoadBalancer", selector: LABELS }));
    expect(found).toMatchObject({ rule: "no-public-services", resource: { name: "qwen-public" } });
    expect(found?.message).toContain("Service llm-serving/qwen-public is a LoadBalancer Service");
    expect(found?.message).toContain("Fix: keep the Service ClusterIP and route through the Istio ingress gateway (pods labelled istio=ingressgateway)");
  });

  it("passes an ACK intranet load balancer", () => {
    const intranet = service("qwen-vpc", NS, { type: "LoadBalancer", selector: LABELS }, { "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet" });
    expect(violationsOf(noPublicServices, intranet)).toEqual([]);
  });

  it("fails an Ingress and a Service type unknown during preview", () => {
    const ingress = k8s("kubernetes:networking.k8s.io/v1:Ingress", { apiVersion: "networking.k8s.io/v1", kind: "Ingress", metadata: { name: "grafana", namespace: "monitoring" }, spec: {} });
    expect(violationsOf(noPublicServices, ingress)[0]?.message).toContain("Ingress monitoring/grafana exposes Services through an Ingress");
    expect(violationsOf(noPublicServices, service("qwen", NS, { type: UNKNOWN }))[0]?.message).toContain("spec.type unknown during preview");
  });
});

describe("pdb-sane", () => {
  it("passes a budget that selects the workload, allows one disruption and evicts unhealthy pods", () => {
    expect(violationsOf(pdbSane, [gpuDeployment(), disruptionBudget()])).toEqual([]);
  });

  it("fails a budget that never allows a disruption", () => {
    const [found] = violationsOf(pdbSane, [gpuDeployment(), disruptionBudget({ maxUnavailable: undefined, minAvailable: 2 })]);
    expect(found?.message).toContain("PodDisruptionBudget llm-serving/qwen allows no voluntary disruption");
    expect(found?.message).toContain("Fix: set spec.maxUnavailable: 1");
  });

  it("fails a budget that blocks on unhealthy pods or selects nothing", () => {
    const found = violationsOf(pdbSane, [gpuDeployment(), disruptionBudget({ unhealthyPodEvictionPolicy: undefined, selector: { matchLabels: { app: "qwen" } } })]);
    expect(found.map((violation) => violation.message.split(":")[0])).toEqual([
      "PodDisruptionBudget llm-serving/qwen selects no workload of the stack",
      "PodDisruptionBudget llm-serving/qwen does not set unhealthyPodEvictionPolicy",
      "Deployment llm-serving/qwen runs 2 GPU replicas without a PodDisruptionBudget",
    ]);
  });

  it("counts the leader and worker pods of a LeaderWorkerSet group", () => {
    const wholeGroup = disruptionBudget({ maxUnavailable: undefined, minAvailable: 2, selector: { matchLabels: { "app.kubernetes.io/name": "qwen-72b" } } });
    expect(violationsOf(pdbSane, [gpuLeaderWorkerSet(), wholeGroup])[0]?.message).toContain("allows no voluntary disruption");
  });

  it("does not ask a single-replica dev deployment for a budget", () => {
    expect(violationsOf(pdbSane, [gpuDeployment({ spec: { replicas: 1 } })])).toEqual([]);
  });
});
