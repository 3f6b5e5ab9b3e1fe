import { beforeAll, describe, expect, it } from "vitest";
import { deployabilityFindings, waitGraph, type DeployedResource } from "../../src/deployability/index.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";

/**
 * Each deployability rule, failed by a shipped stack with one thing taken away; the shipped stacks
 * themselves preview with no finding.
 */
const previews: Record<string, StackPreview> = {};

beforeAll(async () => {
  for (const stack of ["dev", "staging", "prod", "batch"]) previews[stack] = await previewStack(loadStackFile({ stack }));
});

function resourcesOf(stack: string): readonly DeployedResource[] {
  const preview = previews[stack];
  if (preview === undefined) throw new Error(`no preview of ${stack}`);
  return preview.resources;
}

const noContext = { declaredPools: [], externalObjects: [] };

describe("the shipped stacks are deployable", () => {
  for (const stack of ["dev", "staging", "prod", "batch"]) {
    it(`${stack}: 0 findings`, () => {
      expect(previews[stack]?.deployabilityFindings).toEqual([]);
    });
  }
});

describe("scheduling", () => {
  it("the dev stack without its system pool fails, naming istiod and the pool it lacks", () => {
    const withoutSystemPool = resourcesOf("dev").filter((r) => !(r.type === "alicloud:cs/nodePool:NodePool" && r.inputs["nodePoolName"] === "system"));
    const [problem, ...rest] = deployabilityFindings(withoutSystemPool, noContext);
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ rule: "scheduling" });
    expect(problem?.message).toMatch(/istio-system\/istiod/);
    expect(problem?.message).toMatch(/does not tolerate the taint nvidia\.com\/gpu=present:NoSchedule/);
    expect(problem?.message).toMatch(/cluster\.systemPool/);
  });

  it("accepts an existing cluster's declared system pool in place of the one llmfleet creates", () => {
    const withoutSystemPool = resourcesOf("dev").filter((r) => !(r.type === "alicloud:cs/nodePool:NodePool" && r.inputs["nodePoolName"] === "system"));
    expect(deployabilityFindings(withoutSystemPool, { ...noContext, declaredPools: [{ name: "default", instanceType: "ecs.g7.2xlarge", nodes: 3 }] })).toEqual([]);
  });

  it("a GPU pool that cannot grow to the deployments' maximum replicas fails", () => {
    const capped = resourcesOf("prod").map((r) =>
      r.type === "alicloud:cs/nodePool:NodePool" && r.inputs["nodePoolName"] === "l20x4" ? { ...r, inputs: { ...r.inputs, scalingConfig: { enable: true, minSize: 3, maxSize: 4 } } } : r,
    );
    const findings = deployabilityFindings(capped, noContext).filter((f) => f.rule === "scheduling");
    // qwen72b scales to 4 replicas and the backup runs 1, one 4-GPU node each.
    expect(findings.map((f) => f.message)).toEqual([expect.stringMatching(/^node pool l20x4 has at most 4 node\(s\): its pods need 5 at their maximum replicas/)]);
  });

  it("a pod whose node selector no pool carries fails with the reason per pool", () => {
    const moved = resourcesOf("dev").map((r) => (r.type === "alicloud:cs/nodePool:NodePool" && r.inputs["nodePoolName"] === "a10" ? { ...r, inputs: { ...r.inputs, labels: [] } } : r));
    const [problem] = deployabilityFindings(moved, noContext);
    expect(problem?.message).toMatch(/^Deployment llm-serving\/qwen7b has no node pool it can run on: .*its node selector llmfleet\.io\/pool=a10 matches no node label/);
  });

  it("a pool that pays for GPUs no pod requests at its minimum is an idle-GPU finding", () => {
    const wider = resourcesOf("dev").map((r) =>
      r.type === "alicloud:cs/nodePool:NodePool" && r.inputs["nodePoolName"] === "a10" ? { ...r, inputs: { ...r.inputs, instanceTypes: ["ecs.gn7i-c32g1.16xlarge"] } } : r,
    );
    const [problem] = deployabilityFindings(wider, noContext);
    expect(problem?.message).toMatch(/^node pool a10 pays for 1 GPU\(s\) no pod requests at its minimum size: 1 × ecs\.gn7i-c32g1\.16xlarge carry 2 GPUs and the pods on it request 1/);
  });
});

describe("apply order", () => {
  it("a custom resource that does not wait for its CRD's installer fails", () => {
    const prod = resourcesOf("prod");
    const namespace = prod.find((r) => r.type === "kubernetes:core/v1:Namespace" && r.name === "llmfleet-namespace");
    const keda = prod.find((r) => r.type === "alicloud:cs/kubernetesAddon:KubernetesAddon" && r.inputs["name"] === "ack-keda");
    const unordered = prod.map((r) => (r === namespace ? { ...r, dependencies: r.dependencies.filter((urn) => urn !== keda?.urn) } : r));
    const findings = deployabilityFindings(unordered, noContext).filter((f) => f.rule === "apply-order");
    expect(findings.map((f) => f.resource)).toEqual(["llmfleet-qwen72b-scaledobject"]);
    expect(findings[0]?.message).toMatch(/it does not wait for ACK's ack-keda component, which installs its CRD, so the API server can answer "no matches for kind ScaledObject"/);
  });

  it("a chart whose namespace nothing creates first fails", () => {
    const dev = resourcesOf("dev");
    const istioSystem = dev.find((r) => r.type === "kubernetes:core/v1:Namespace" && r.name === "llmfleet-mesh-istio-system");
    const findings = deployabilityFindings(
      dev.filter((r) => r !== istioSystem),
      noContext,
    ).filter((f) => f.rule === "apply-order");
    expect(findings.map((f) => f.resource)).toContain("llmfleet-mesh-istio-base");
    expect(findings.find((f) => f.resource === "llmfleet-mesh-istio-base")?.message).toMatch(/no resource of the stack creates that namespace/);
  });

  it("pods requesting aliyun/erdma that do not wait for ack-erdma-controller fail, naming the component", () => {
    const prod = resourcesOf("prod");
    const namespace = prod.find((r) => r.type === "kubernetes:core/v1:Namespace" && r.name === "llmfleet-namespace");
    const erdma = prod.find((r) => r.type === "alicloud:cs/kubernetesAddon:KubernetesAddon" && r.inputs["name"] === "ack-erdma-controller");
    expect(erdma?.inputs["config"]).toBe('{"agent":{"preferDriver":"ofed","allocateAllDevices":true}}');
    const unordered = prod.map((r) => (r === namespace ? { ...r, dependencies: r.dependencies.filter((urn) => urn !== erdma?.urn) } : r));
    const findings = deployabilityFindings(unordered, noContext).filter((f) => f.rule === "apply-order");
    expect(findings.map((f) => f.resource)).toEqual(["llmfleet-deepseek-v3-leaderworkerset"]);
    expect(findings[0]?.message).toMatch(/its pods request aliyun\/erdma: it does not wait for ACK's ack-erdma-controller component, which registers that resource/);
  });

  it("pods requesting aliyun/erdma in a stack without ack-erdma-controller fail with the fix", () => {
    const withoutErdma = resourcesOf("prod").filter((r) => !(r.type === "alicloud:cs/kubernetesAddon:KubernetesAddon" && r.inputs["name"] === "ack-erdma-controller"));
    const [problem] = deployabilityFindings(withoutErdma, noContext).filter((f) => f.rule === "apply-order");
    expect(problem?.message).toMatch(/nothing in the stack installs ACK's ack-erdma-controller component.*Fix: install ACK's ack-erdma-controller component in the stack/);
  });

  it("the eRDMA pool waits for Terway's ENI whitelist, so no node joins before it", () => {
    const prod = resourcesOf("prod");
    const whitelist = prod.find((r) => r.type === "kubernetes:core/v1:ConfigMap" && r.name === "llmfleet-terway-erdma");
    const pool = prod.find((r) => r.type === "alicloud:cs/nodePool:NodePool" && r.inputs["nodePoolName"] === "h20x8");
    expect(whitelist).toBeDefined();
    expect(waitGraph(prod).get(pool?.urn ?? "")?.has(whitelist?.urn ?? "")).toBe(true);
    expect(pool?.inputs["labels"]).toContainEqual({ key: "terway-config", value: "llmfleet-erdma-terway" });
  });

  it("an eRDMA pool whose Terway configuration the stack does not create fails, naming the ConfigMap", () => {
    const withoutWhitelist = resourcesOf("prod").filter((r) => !(r.type === "kubernetes:core/v1:ConfigMap" && r.name === "llmfleet-terway-erdma"));
    // The prod stack declares its TLS Secret as created outside it.
    const [problem, ...rest] = deployabilityFindings(withoutWhitelist, { ...noContext, externalObjects: [{ kind: "Secret", namespace: "istio-system", name: "llmfleet-prod-tls", createdBy: "kubectl" }] });
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ rule: "references", resource: "llmfleet-h20x8-pool" });
    expect(problem?.message).toMatch(/^node pool h20x8 label terway-config \(Terway's node configuration\) names ConfigMap kube-system\/llmfleet-erdma-terway/);
  });

  it("records what each resource waits for in plan.json's terms: the workloads wait for istiod", () => {
    const dev = resourcesOf("dev");
    const namespace = dev.find((r) => r.type === "kubernetes:core/v1:Namespace" && r.name === "llmfleet-namespace");
    expect(namespace?.dependencies.some((urn) => urn.endsWith("::llmfleet-mesh-istiod"))).toBe(true);
  });
});

describe("references", () => {
  it("the batch stack without its results claim fails, naming the pod volume and the claim", () => {
    const withoutClaim = resourcesOf("batch").filter((r) => r.name !== "llmfleet-bloom-batch-results-pvc");
    expect(deployabilityFindings(withoutClaim, noContext)).toEqual([
      expect.objectContaining({
        rule: "references",
        resource: "llmfleet-bloom-batch-mpijob",
        message: expect.stringMatching(/MPIJob llm-serving\/bloom-batch Worker replica volume results mounts PersistentVolumeClaim llm-serving\/bloom-batch-results: the stack does not create it, so the pod stays Pending\. Fix: .*BatchOutput/),
      }),
    ]);
  });

  it("the batch stack without its results volume fails, naming the claim that would never bind", () => {
    const withoutVolume = resourcesOf("batch").filter((r) => r.name !== "llmfleet-bloom-batch-results-pv");
    expect(deployabilityFindings(withoutVolume, noContext)).toEqual([
      expect.objectContaining({ rule: "references", resource: "llmfleet-bloom-batch-results-pvc", message: expect.stringMatching(/PersistentVolumeClaim llm-serving\/bloom-batch-results binds to PersistentVolume llm-serving-bloom-batch-results: .*never binds/) }),
    ]);
  });

  it("a TLS credential the stack neither creates nor declares fails, naming the Secret and the command", () => {
    const findings = deployabilityFindings(resourcesOf("prod"), noContext);
    expect(findings).toEqual([
      // qwen72b is routing: mesh: the Istio Gateway's HTTPS server names it…
      expect.objectContaining({
        rule: "references",
        resource: "llmfleet-mesh-gateway-istio-system-qwen72b-gateway",
        message: expect.stringMatching(/Gateway istio-system\/qwen72b-gateway TLS credentialName names Secret istio-system\/llmfleet-prod-tls: .*kubectl create secret tls/),
      }),
      // …and deepseek is routing: inference-pool: the Gateway API Gateway's HTTPS listener names it.
      expect.objectContaining({
        rule: "references",
        resource: "llmfleet-inference-gateway-gateway-istio-system-deepseek-inference",
        message: expect.stringMatching(/listener https-0 TLS credentialName names Secret istio-system\/llmfleet-prod-tls: .*kubectl create secret tls/),
      }),
    ]);
  });

});
