import { describe, expect, it } from "vitest";
import { buildInferenceWorkload } from "../../src/workload/index.js";
import { errorOf } from "../support/errors.js";
import { h20Pool, multiNodePlan, parseSpec, podContainers, specInput } from "./fixtures.js";

const registry = { mirror: "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror", pullSecretName: "acr-pull" };

describe("an InferenceDeployment with a registry mirror", () => {
  it("pulls the engine's pinned default from the mirror, with the pull Secret on the pod", () => {
    const [pod, ...rest] = podContainers(buildInferenceWorkload(parseSpec(specInput({ registry })), "qwen-api-key"));
    expect(rest).toEqual([]);
    expect(pod?.container["image"]).toBe("llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/docker.io/vllm/vllm-openai:v0.18.0");
    expect(pod?.pod["imagePullSecrets"]).toEqual([{ name: "acr-pull" }]);
  });

  it("mirrors a given image, and every pod of a multi-node group", () => {
    const spec = parseSpec(
      specInput({ name: "llama", model: "llama-3.1-405b-instruct", plan: multiNodePlan, placement: h20Pool, image: { repository: "ghcr.io/acme/vllm", tag: "v1.2.0" }, registry }),
    );
    const images = podContainers(buildInferenceWorkload(spec, "llama-api-key")).map((p) => p.container["image"]);
    expect(images).toEqual(["llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/ghcr.io/acme/vllm:v1.2.0", "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror/ghcr.io/acme/vllm:v1.2.0"]);
  });

  it("leaves images and pull Secrets alone without one", () => {
    const [pod] = podContainers(buildInferenceWorkload(parseSpec(specInput()), "qwen-api-key"));
    expect(pod?.container["image"]).toBe("vllm/vllm-openai:v0.18.0");
    expect(pod?.pod["imagePullSecrets"]).toBeUndefined();
  });

  it("refuses a mirror that is not <registry host>/<namespace>, naming the argument", () => {
    const error = errorOf(() => parseSpec(specInput({ registry: { mirror: "https://llmfleet.cn-hangzhou.cr.aliyuncs.com" } })));
    expect(error.field).toBe("registry.mirror");
    expect(error.reason).toMatch(/must be <registry host>\/<namespace>/);
  });
});
