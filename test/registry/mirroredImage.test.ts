import { describe, expect, it } from "vitest";
import { mirroredImage } from "../../src/registry/index.js";

const registry = { mirror: "llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror" };

describe("mirroredImage", () => {
  it("keeps the source registry in the path, so images of every source share one mirror", () => {
    expect(mirroredImage("vllm/vllm-openai:v0.9.2", registry)).toBe("llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror/docker.io/vllm/vllm-openai:v0.9.2");
    expect(mirroredImage("registry.k8s.io/lws/lws:v0.7.0", registry)).toBe("llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror/registry.k8s.io/lws/lws:v0.7.0");
    expect(mirroredImage("nvcr.io/nvidia/k8s/dcgm-exporter@sha256:abc", registry)).toBe("llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror/nvcr.io/nvidia/k8s/dcgm-exporter@sha256:abc");
  });

  it("puts Docker Hub's official images under library/", () => {
    expect(mirroredImage("busybox:1.36", registry)).toBe("llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror/docker.io/library/busybox:1.36");
  });

  it("leaves references alone without a mirror or already on it", () => {
    expect(mirroredImage("vllm/vllm-openai:v0.9.2", undefined)).toBe("vllm/vllm-openai:v0.9.2");
    const onMirror = "llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror/docker.io/vllm/vllm-openai:v0.9.2";
    expect(mirroredImage(onMirror, { mirror: `${registry.mirror}/` })).toBe(onMirror);
  });
});
