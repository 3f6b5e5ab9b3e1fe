import { describe, expect, it } from "vitest";
import { manifestProblems, validateManifests } from "../../src/k8s/validate.js";

const deployment = {
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "qwen", namespace: "llm-serving" },
  spec: {
    selector: { matchLabels: { app: "qwen" } },
    template: { metadata: { labels: { app: "qwen" } }, spec: { containers: [{ name: "vllm", image: "vllm/vllm-openai:v0.11.0" }] } },
  },
};

describe("manifest validation against upstream schemas", () => {
  it("accepts a well-formed Deployment", async () => {
    expect(await manifestProblems(deployment)).toEqual([]);
  });

  it("rejects a Deployment whose container image is not a string", async () => {
    const broken = structuredClone(deployment);
    (broken.spec.template.spec.containers[0] as { image: unknown }).image = 5;
    expect((await manifestProblems(broken)).join("\n")).toMatch(/image must be string/);
  });

  it("rejects names that are not DNS-1123", async () => {
    expect(await manifestProblems({ ...deployment, metadata: { name: "Qwen_72B" } })).toContainEqual(
      expect.stringMatching(/not a valid DNS-1123 name/),
    );
  });

  it("validates LeaderWorkerSet against its CRD schema", async () => {
    const lws = {
      apiVersion: "leaderworkerset.x-k8s.io/v1",
      kind: "LeaderWorkerSet",
      metadata: { name: "deepseek" },
      spec: { replicas: 1, leaderWorkerTemplate: { size: "two", workerTemplate: { spec: { containers: [] } } } },
    };
    expect((await manifestProblems(lws)).join("\n")).toMatch(/size must be integer/);
    lws.spec.leaderWorkerTemplate.size = 2 as unknown as string;
    expect(await manifestProblems(lws)).toEqual([]);
  });

  it("validates MPIJob against its CRD schema", async () => {
    const job = {
      apiVersion: "kubeflow.org/v2beta1",
      kind: "MPIJob",
      metadata: { name: "bloom-batch" },
      spec: { slotsPerWorker: 1, mpiReplicaSpecs: { Launcher: { replicas: 1, template: {} }, Worker: { replicas: 2, template: {} } } },
    };
    expect(await manifestProblems(job)).toEqual([]);
    expect((await manifestProblems({ ...job, spec: { ...job.spec, slotsPerWorker: "1" } })).join("\n")).toMatch(/slotsPerWorker must be integer/);
  });

  it("refuses kinds it has no schema for", async () => {
    const findings = await validateManifests([{ apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w" } }]);
    expect(findings).toEqual([{ object: "Widget w", problems: ["no upstream schema is known for example.com/v1/Widget"] }]);
  });

  it("validates Istio and prometheus-operator kinds", async () => {
    const badRule = {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "PrometheusRule",
      metadata: { name: "r" },
      spec: { groups: [{ name: "g", rules: [{ alert: "A" }] }] },
    };
    expect((await manifestProblems(badRule)).join("\n")).toMatch(/expr/);
    const peer = { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata: { name: "default" }, spec: { mtls: { mode: "STRICT" } } };
    expect(await manifestProblems(peer)).toEqual([]);
  });
});
