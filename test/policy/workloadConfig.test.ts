import { describe, expect, it } from "vitest";
import { parsePolicyConfig, UNKNOWN } from "../../src/policy/index.js";
import { imagePinned, noSecretLiterals, saRbac, vllmFlags } from "../../src/policy/rules/index.js";
import { gpuDeployment, k8s, SERVICE_ACCOUNT, violationsOf } from "./fixtures.js";

const QWEN = 'Deployment llm-serving/qwen container "vllm"';

describe("image-pinned", () => {
  it("passes a versioned image from an allowed registry, and a digest", () => {
    expect(violationsOf(imagePinned, gpuDeployment())).toEqual([]);
    const digest = "registry.cn-hangzhou.aliyuncs.com/llmfleet/vllm@sha256:5f2e1c0a";
    expect(violationsOf(imagePinned, gpuDeployment({ container: { image: digest } }))).toEqual([]);
  });

  it("fails an image without a version", () => {
    const [found] = violationsOf(imagePinned, gpuDeployment({ container: { image: "vllm/vllm-openai:latest" } }));
    expect(found?.message).toContain(`${QWEN} uses image vllm/vllm-openai:latest without a version`);
    expect(found?.message).toContain("Fix: pin it, e.g. docker.io/vllm/vllm-openai:<version>");
  });

  it("fails a registry off the allowed list, and accepts it once listed", () => {
    const image = "ghcr.io/someone/vllm:0.8.5";
    const [found] = violationsOf(imagePinned, gpuDeployment({ container: { image } }));
    expect(found?.message).toContain(`${QWEN} pulls ghcr.io/someone/vllm, which is not on the allowed registry list`);
    expect(violationsOf(imagePinned, gpuDeployment({ container: { image } }), parsePolicyConfig({ allowedRegistries: ["ghcr.io/someone"] }))).toEqual([]);
  });

  it("fails an image that is unknown during preview", () => {
    expect(violationsOf(imagePinned, gpuDeployment({ container: { image: UNKNOWN } }))[0]?.message).toContain("has an image unknown during preview");
  });
});

describe("no-secret-literals", () => {
  it("passes keys from secretKeyRef and flags that reference env vars", () => {
    expect(violationsOf(noSecretLiterals, gpuDeployment())).toEqual([]);
    expect(violationsOf(noSecretLiterals, gpuDeployment({ container: { args: ["--api-key", "$(VLLM_API_KEY)"] } }))).toEqual([]);
  });

  it("fails a token written into env, even when Pulumi marked it secret", () => {
    const [found] = violationsOf(noSecretLiterals, gpuDeployment({ container: { env: [{ name: "HF_TOKEN", value: "[secret]" }] } }));
    expect(found?.message).toContain(`${QWEN} sets HF_TOKEN from a literal value`);
    expect(found?.message).toContain("Fix: set HF_TOKEN with valueFrom.secretKeyRef");
  });

  it("fails an API key passed on the command line, also inside sh -c", () => {
    const [found] = violationsOf(noSecretLiterals, gpuDeployment({ container: { command: ["sh", "-c"], args: ["vllm serve /models/qwen --api-key=sk-123"] } }));
    expect(found?.message).toContain(`${QWEN} passes --api-key a literal value`);
    expect(found?.message).toContain("Fix: drop --api-key");
  });

  it("leaves look-alike names alone", () => {
    const env = [{ name: "TOKENIZERS_PARALLELISM", value: "false" }, { name: "MAX_TOKENS", value: "4096" }];
    expect(violationsOf(noSecretLiterals, gpuDeployment({ container: { env, args: ["--max-num-batched-tokens", "8192"] } }))).toEqual([]);
  });
});

describe("sa-rbac", () => {
  it("passes a pod with its own account and no token, and an account that mounts none", () => {
    expect(violationsOf(saRbac, gpuDeployment())).toEqual([]);
    expect(violationsOf(saRbac, SERVICE_ACCOUNT)).toEqual([]);
  });

  it("fails a pod that mounts a token as the default account", () => {
    const found = violationsOf(saRbac, gpuDeployment({ pod: { automountServiceAccountToken: undefined, serviceAccountName: undefined } }));
    expect(found.map((violation) => violation.message.split(":")[0])).toEqual(["Deployment llm-serving/qwen mounts a service-account token", "Deployment llm-serving/qwen runs as the namespace's default ServiceAccount"]);
    expect(found[0]?.message).toContain("Fix: set automountServiceAccountToken: false in the pod spec");
  });

  it("fails a cluster-admin binding", () => {
    const binding = k8s("kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding", {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: "qwen-admin" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subjects: [{ kind: "ServiceAccount", name: "qwen", namespace: "llm-serving" }],
    });
    expect(violationsOf(saRbac, binding)[0]?.message).toContain("ClusterRoleBinding qwen-admin grants cluster-admin");
  });
});

describe("vllm-flags", () => {
  it("passes vLLM without dev mode or remote code, with service links off", () => {
    expect(violationsOf(vllmFlags, gpuDeployment())).toEqual([]);
  });

  it("fails development mode and service links", () => {
    const found = violationsOf(vllmFlags, gpuDeployment({ container: { env: [{ name: "VLLM_SERVER_DEV_MODE", value: "1" }] }, pod: { enableServiceLinks: undefined } }));
    expect(found[0]?.message).toContain(`${QWEN} sets VLLM_SERVER_DEV_MODE=1`);
    expect(found[1]?.message).toContain("Deployment llm-serving/qwen runs vLLM with service links enabled");
    expect(found[1]?.message).toContain("Fix: set enableServiceLinks: false");
  });

  it("fails --trust-remote-code unless the model is allow-listed", () => {
    const container = { command: ["vllm", "serve", "/models/deepseek-ai/DeepSeek-V3", "--trust-remote-code"], args: [] };
    const [found] = violationsOf(vllmFlags, gpuDeployment({ container }));
    expect(found?.message).toContain(`${QWEN} passes --trust-remote-code for /models/deepseek-ai/DeepSeek-V3`);
    expect(found?.message).toContain("add /models/deepseek-ai/DeepSeek-V3 to trustRemoteCodeModels");
    expect(violationsOf(vllmFlags, gpuDeployment({ container }), parsePolicyConfig({ trustRemoteCodeModels: ["deepseek-ai/DeepSeek-V3"] }))).toEqual([]);
  });

  it("fails --trust-remote-code in an SGLang container too, naming its --model-path", () => {
    const container = { image: "lmsysorg/sglang:v0.5.18-cu129", command: ["python3", "-m", "sglang.launch_server"], args: ["--model-path", "/models/DeepSeek-V3", "--trust-remote-code"], env: [] };
    const [found] = violationsOf(vllmFlags, gpuDeployment({ container }));
    expect(found?.message).toContain("passes --trust-remote-code for /models/DeepSeek-V3");
  });
});
