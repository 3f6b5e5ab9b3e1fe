import * as k8s from "@pulumi/kubernetes";
import { beforeAll, describe, expect, it } from "vitest";
import { InferenceDeployment, type InferenceDeploymentArgs } from "../../components/InferenceDeployment.js";
import { REDACTED, settle, startMockSession, type MockSession } from "../../src/preview/index.js";
import { a10Pool, a10x4Pool, at, h20Pool, modelVolume } from "../workload/fixtures.js";
import { inputErrorOf } from "./inputErrorOf.js";
import { childrenOf, component, providerUrnOf, typeCounts } from "./resourceGraph.js";

const TYPE = "llmfleet:index:InferenceDeployment";

describe("InferenceDeployment", () => {
  let session: MockSession;
  let qwen: InferenceDeployment;
  let llama: InferenceDeployment;
  let batch: InferenceDeployment;

  beforeAll(async () => {
    session = startMockSession("llmfleet", "test");
    const provider = new k8s.Provider("ack", { kubeconfig: "apiVersion: v1\nkind: Config" });
    qwen = new InferenceDeployment("qwen", { model: "qwen2.5-7b-instruct", placement: a10Pool, volume: modelVolume, replicas: 2, maxModelLen: 16_384, kubernetesProvider: provider });
    // The old argument name of the provider still works.
    llama = new InferenceDeployment("llama", { model: "llama-3.1-405b-instruct", placement: h20Pool, volume: modelVolume, modelPath: "Llama-3.1-405B-Instruct", apiKeySecretName: "llama-key", provider });
    batch = new InferenceDeployment("batch", {
      model: "qwen2.5-7b-instruct",
      engine: "horovod",
      placement: a10x4Pool,
      volume: modelVolume,
      replicas: 2,
      batchJob: { command: ["python", "/app/infer.py"] },
      kubernetesProvider: provider,
    });
    await settle();
  });

  it("plans parallelism when none is given: one A10 for Qwen 7B, two H20 nodes for Llama 405B", () => {
    expect([qwen.plan.tensorParallel, qwen.plan.pipelineParallel, qwen.plan.nodes]).toEqual([1, 1, 1]);
    expect(llama.plan).toMatchObject({ nodes: 2, tensorParallel: 8, pipelineParallel: 2, gpus: 16 });
  });

  it("creates the workload of each mode under the component", () => {
    expect(typeCounts(childrenOf(session, component(session, TYPE, "qwen")))).toEqual({
      "random:index/randomPassword:RandomPassword": 1,
      "kubernetes:core/v1:Secret": 1,
      "kubernetes:core/v1:ServiceAccount": 1,
      "kubernetes:apps/v1:Deployment": 1,
      "kubernetes:core/v1:Service": 1,
      "kubernetes:policy/v1:PodDisruptionBudget": 1,
      "kubernetes:networking.k8s.io/v1:NetworkPolicy": 1,
    });
    expect(typeCounts(childrenOf(session, component(session, TYPE, "llama")))).toMatchObject({ "kubernetes:leaderworkerset.x-k8s.io/v1:LeaderWorkerSet": 1 });
    expect(typeCounts(childrenOf(session, component(session, TYPE, "batch")))).toMatchObject({ "kubernetes:kubeflow.org/v2beta1:MPIJob": 1 });
  });

  it("gives every Kubernetes child the component as parent and the passed provider", () => {
    const providerUrn = component(session, "pulumi:providers:kubernetes", "ack").urn;
    for (const name of ["qwen", "llama", "batch"]) {
      const parent = component(session, TYPE, name);
      const children = session.resources.filter((resource) => resource.urn.includes(`$`) && resource.name.startsWith(`${name}-`));
      expect(children.length).toBeGreaterThan(0);
      for (const child of children) {
        expect(child.parentUrn).toBe(parent.urn);
        if (child.type.startsWith("kubernetes:")) expect(providerUrnOf(child)).toBe(providerUrn);
      }
    }
  });

  it("generates the API key as a secret and keeps it off every pod spec", () => {
    const secret = component(session, "kubernetes:core/v1:Secret", "qwen-api-key");
    // The Kubernetes SDK marks the whole of stringData secret, which covers the key.
    expect(secret.secretPaths.some((path) => "stringData.api-key".startsWith(path))).toBe(true);
    expect(JSON.stringify(secret.inputs["stringData"])).toContain(REDACTED);
    const key = String((secret.plainInputs["stringData"] as Record<string, unknown>)["api-key"]);
    expect(key.length).toBeGreaterThanOrEqual(32);
    const others = session.resources.filter((resource) => resource !== secret && resource.type !== "random:index/randomPassword:RandomPassword");
    for (const resource of others) expect(JSON.stringify(resource.plainInputs)).not.toContain(key);
    const deployment = component(session, "kubernetes:apps/v1:Deployment", "qwen-deployment").plainInputs;
    const [engine] = at(deployment, "spec", "template", "spec", "containers") as Record<string, unknown>[];
    expect(engine?.["env"]).toContainEqual({ name: "VLLM_API_KEY", valueFrom: { secretKeyRef: { name: "qwen-api-key", key: "api-key" } } });
  });

  it("uses a given API key Secret instead of generating one", () => {
    const children = childrenOf(session, component(session, TYPE, "llama")).map((child) => child.type);
    expect(children).not.toContain("kubernetes:core/v1:Secret");
    expect(llama.apiKeySecretName).toBe("llama-key");
    expect(batch.apiKeySecretName).toBeUndefined();
  });

  it("exposes the Service, ports and labels", () => {
    expect([qwen.serviceName, qwen.port, qwen.metricsPort]).toEqual(["qwen", 8000, 9090]);
    expect(qwen.labels).toMatchObject({ "app.kubernetes.io/instance": "qwen-v1", "llmfleet.io/engine": "vllm" });
    expect([batch.serviceName, batch.port]).toEqual([undefined, undefined]);
  });

  it("turns validation failures into InputPropertyErrors naming the argument", () => {
    const base: InferenceDeploymentArgs = { model: "qwen2.5-7b-instruct", placement: a10Pool, volume: modelVolume };
    expect(inputErrorOf(() => new InferenceDeployment("bad-tp", { ...base, tensorParallel: 3 })).propertyPath).toBe("args.tensorParallel");
    expect(inputErrorOf(() => new InferenceDeployment("bad-image", { ...base, image: { repository: "vllm/vllm-openai", tag: "latest" } })).propertyPath).toBe("args.image.tag");
    expect(inputErrorOf(() => new InferenceDeployment("bad-name", { ...base, name: "Qwen_7B" })).propertyPath).toBe("args.name");
    expect(inputErrorOf(() => new InferenceDeployment("old-name", { ...base, deploymentName: "Qwen_7B" })).propertyPath).toBe("args.deploymentName");
    expect(inputErrorOf(() => new InferenceDeployment("bad-engine", { ...base, model: "mistral-7b-instruct", engine: "bladellm" })).propertyPath).toBe("args.engine");
  });

  it("validates before registering anything: a refused deployment leaves no resource behind", async () => {
    const before = session.resources.length;
    inputErrorOf(() => new InferenceDeployment("refused", { model: "qwen2.5-7b-instruct", placement: a10Pool, volume: modelVolume, tensorParallel: 3 }));
    await settle();
    expect(session.resources.slice(before).filter((resource) => resource.name.startsWith("refused"))).toEqual([]);
  });
});
