import { describe, expect, it } from "vitest";
import { inferencePoolServingPods, inferenceRouteKeyCheck } from "../../src/policy/rules/index.js";
import { LWS_WORKER_INDEX_LABEL } from "../../src/policy/inferencePools.js";
import { selectorLabels } from "../../src/workload/labels.js";
import { NS, violationsOf } from "./fixtures.js";
import { GATEWAY_JWT, httpRoute, inferencePool, pickerDeployment, routedStack, servingDeployment, servingLeaderWorkerSet } from "./routingFixtures.js";

const messages = (found: readonly { message: string }[]): string[] => found.map((violation) => violation.message);

describe("inference-pool-serving-pods", () => {
  it("passes a pool selecting exactly one deployment's serving pods on the engine port, next to its picker", () => {
    expect(violationsOf(inferencePoolServingPods, routedStack())).toEqual([]);
  });

  it("passes a pool of a multi-node group that selects only the leaders (worker index 0)", () => {
    const leaders = inferencePool("qwen-72b", { ...selectorLabels("qwen-72b"), [LWS_WORKER_INDEX_LABEL]: "0" });
    expect(violationsOf(inferencePoolServingPods, [servingLeaderWorkerSet(), leaders])).toEqual([]);
  });

  it("fails a pool of a multi-node group that also selects its workers, which serve no API", () => {
    const [found] = messages(violationsOf(inferencePoolServingPods, [servingLeaderWorkerSet(), inferencePool("qwen-72b")]));
    expect(found).toContain("InferencePool llm-serving/qwen-72b selector");
    expect(found).toContain("matches pods that serve no inference API (LeaderWorkerSet llm-serving/qwen-72b workerTemplate)");
    expect(found).toContain(`add ${LWS_WORKER_INDEX_LABEL}: "0"`);
  });

  it("fails a selector that matches the endpoint picker's own pods and no serving pod", () => {
    const found = messages(violationsOf(inferencePoolServingPods, [servingDeployment(), pickerDeployment(), inferencePool("qwen", { "llmfleet.io/inference-pool": "qwen" })]));
    expect(found).toHaveLength(2);
    expect(found[0]).toContain("matches the endpoint picker's own pods (Deployment llm-serving/qwen-epp)");
    expect(found[1]).toContain("matches no serving pod in namespace llm-serving");
  });

  it("fails a selector that spans two deployments, naming both", () => {
    const both = inferencePool("qwen", { "app.kubernetes.io/component": "inference" });
    const [found] = messages(violationsOf(inferencePoolServingPods, [servingDeployment("qwen"), servingDeployment("qwen-canary"), both]));
    expect(found).toContain("matches the pods of 2 workloads (Deployment llm-serving/qwen, Deployment llm-serving/qwen-canary)");
    expect(found).toContain("Fix: add app.kubernetes.io/name: <deployment> to the selector");
  });

  it("fails a target port the engine does not listen on, giving the engine's port", () => {
    const [found] = messages(violationsOf(inferencePoolServingPods, [servingDeployment(), inferencePool("qwen", selectorLabels("qwen"), 9000)]));
    expect(found).toContain("InferencePool llm-serving/qwen targets port 9000, which no container of Deployment llm-serving/qwen listens on");
    expect(found).toContain("Fix: set spec.targetPorts to the engine's port (8000)");
  });

  it("fails a pool in another namespace than the pods it names", () => {
    const [found] = messages(violationsOf(inferencePoolServingPods, [servingDeployment(), inferencePool("qwen", selectorLabels("qwen"), 8000, "llm-large")]));
    expect(found).toContain("InferencePool llm-large/qwen selector");
    expect(found).toContain("matches no serving pod in namespace llm-large");
  });
});

const SECRET_KEY = { name: "SGLANG_API_KEY", valueFrom: { secretKeyRef: { name: "route-qwen-api-key", key: "key" } } };

describe("inference-route-key-check", () => {
  it("passes a route whose pool selects vLLM pods taking VLLM_API_KEY from a Secret", () => {
    expect(violationsOf(inferenceRouteKeyCheck, routedStack())).toEqual([]);
  });

  it("fails a route to pods without the key, naming the pod, the pool and the variable", () => {
    const stack = [servingDeployment("qwen", { env: [] }), inferencePool(), httpRoute()];
    const [found] = messages(violationsOf(inferenceRouteKeyCheck, stack));
    expect(found).toBe(
      "HTTPRoute llm-serving/qwen reaches Deployment llm-serving/qwen through InferencePool llm-serving/qwen without a key check: no container sets VLLM_API_KEY from a Secret (env valueFrom.secretKeyRef): " +
        "the Gateway has no JWT RequestAuthentication either, so anyone who reaches the gateway can use the model. " +
        "Fix: set the engine's API key from the route's Secret on the deployment (routes[].requireApiKey: true), or add a RequestAuthentication with jwtRules targeting the Gateway",
    );
  });

  it("fails a key given as a literal value instead of from a Secret", () => {
    const literal = servingDeployment("qwen", { env: [{ name: "VLLM_API_KEY", value: "sk-test" }] });
    expect(messages(violationsOf(inferenceRouteKeyCheck, [literal, inferencePool(), httpRoute()]))[0]).toContain("no container sets VLLM_API_KEY from a Secret");
  });

  it("passes without engine keys when a JWT RequestAuthentication targets the route's Gateway", () => {
    expect(violationsOf(inferenceRouteKeyCheck, [servingDeployment("qwen", { env: [] }), inferencePool(), httpRoute(), GATEWAY_JWT])).toEqual([]);
  });

  it("passes SGLang pods that pass --api-key $(SGLANG_API_KEY) from a Secret, and fails another value", () => {
    const sglang = (args: string[]): ReturnType<typeof servingDeployment> => servingDeployment("qwen", { name: "sglang", image: "lmsysorg/sglang:v0.5.5", env: [SECRET_KEY], args }, "sglang");
    expect(violationsOf(inferenceRouteKeyCheck, [sglang(["--port", "30000", "--api-key", "$(SGLANG_API_KEY)"]), inferencePool(), httpRoute()])).toEqual([]);
    const [found] = messages(violationsOf(inferenceRouteKeyCheck, [sglang(["--api-key", "$(OTHER_KEY)"]), inferencePool(), httpRoute()]));
    expect(found).toContain('container "sglang" passes --api-key a value other than $(SGLANG_API_KEY)');
  });

  it("fails a route to an engine that takes no API key and no JWT on the gateway", () => {
    const blade = servingDeployment("qwen", { name: "bladellm", env: [] }, "bladellm");
    expect(messages(violationsOf(inferenceRouteKeyCheck, [blade, inferencePool(), httpRoute()]))[0]).toContain("without a key check: engine bladellm takes no API key");
  });

  it("checks every pool of a weighted canary, and names a pool the stack does not define", () => {
    const stack = [servingDeployment("qwen"), servingDeployment("qwen-canary", { env: [] }), inferencePool("qwen"), inferencePool("qwen-canary"), httpRoute([{ name: "qwen", weight: 90 }, { name: "qwen-canary", weight: 10 }, { name: "qwen-old", weight: 0 }])];
    const found = messages(violationsOf(inferenceRouteKeyCheck, stack));
    expect(found).toHaveLength(2);
    expect(found[0]).toContain("reaches Deployment llm-serving/qwen-canary through InferencePool llm-serving/qwen-canary without a key check");
    expect(found[1]).toContain(`sends requests to InferencePool ${NS}/qwen-old, which the stack does not define`);
  });
});
