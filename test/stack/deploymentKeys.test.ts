import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { at, podContainers, flagValue } from "../workload/fixtures.js";

/**
 * Every option the InferenceDeployment component has can be written in a stack file under the
 * same name, and reaches the rendered manifest (fixtures/Pulumi.keys.yaml writes them all).
 */
let preview: StackPreview;

beforeAll(async () => {
  preview = await previewStack(loadStackFile({ configFile: fileURLToPath(new URL("fixtures/Pulumi.keys.yaml", import.meta.url)) }));
});

function object(kind: string, name: string): KubernetesObject {
  const found = preview.manifests.objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name} in the preview`);
  return found;
}

function qwen(): { argv: string[]; container: Record<string, unknown>; pod: Record<string, unknown> } {
  const [first] = podContainers([object("Deployment", "qwen")]);
  if (first === undefined) throw new Error("no pod template");
  return { argv: [...(first.container["args"] as string[])], container: first.container, pod: first.pod };
}


describe("stack keys reach the manifest", () => {
  it("renders without schema problems", () => {
    expect(preview.manifestFindings).toEqual([]);
  });

  it("mounts a model named by its Hugging Face id at the catalogue's folder, not at the repo id", () => {
    expect(qwen().argv[0]).toBe("/models/Qwen2.5-7B-Instruct");
  });

  it("passes the planning and serving options as engine flags", () => {
    const { argv } = qwen();
    expect(flagValue(argv, "--max-num-batched-tokens")).toBe("4096");
    expect(flagValue(argv, "--gpu-memory-utilization")).toBe("0.88");
    expect(flagValue(argv, "--kv-cache-dtype")).toBe("fp8");
    expect(flagValue(argv, "--served-model-name")).toBe("chat");
    expect(flagValue(argv, "--shutdown-timeout")).toBe("90");
    expect(flagValue(argv, "--speculative-config")).toBe('{"model":"/models/Qwen2.5-0.5B-Instruct","num_speculative_tokens":3}');
    expect(argv).toContain("--no-enable-prefix-caching");
    expect(argv).toContain("--trust-remote-code");
    expect(argv.slice(-2)).toEqual(["--max-num-seqs", "64"]);
  });

  it("adds extraEnv, accepting TOKENIZERS_PARALLELISM as a setting and HF_TOKEN from a Secret", () => {
    const env = qwen().container["env"];
    expect(env).toContainEqual({ name: "TOKENIZERS_PARALLELISM", value: "false" });
    expect(env).toContainEqual({ name: "HF_TOKEN", valueFrom: { secretKeyRef: { name: "hf", key: "token" } } });
    expect(env).toContainEqual({ name: "VLLM_API_KEY", valueFrom: { secretKeyRef: { name: "qwen-key", key: "token" } } });
  });

  it("runs the image as the user it names, which clears the root waiver", () => {
    const { container, pod } = qwen();
    expect(container["image"]).toBe("registry.example.aliyuncs.com/llm/vllm-nonroot:v0.18.0");
    expect(at(pod, "securityContext", "runAsUser")).toBe(1000);
    // Only where the sidecar's metrics merging finds the engine's metrics is left: no root waiver.
    expect(at(object("Deployment", "qwen"), "spec", "template", "metadata", "annotations")).toEqual({ "prometheus.io/scrape": "true", "prometheus.io/port": "8000", "prometheus.io/path": "/metrics" });
  });

  it("labels the version, surges into the spare GPUs and scales on the queue threshold it is given", () => {
    expect(at(object("Deployment", "qwen"), "metadata", "labels", "llmfleet.io/version")).toBe("v3");
    expect(at(object("Deployment", "qwen"), "spec", "strategy", "rollingUpdate")).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    const scaled = object("ScaledObject", "qwen");
    expect(at(scaled, "spec", "cooldownPeriod")).toBe(600);
    const [trigger] = at(scaled, "spec", "triggers") as Record<string, unknown>[];
    expect(at(trigger, "metadata", "threshold")).toBe("3");
    expect(at(trigger, "metadata", "query")).toBe('sum(vllm:num_requests_waiting{job="llmfleet-engines",namespace="llm-serving",deployment="qwen"})');
  });

  it("uses the Secret the stack names instead of generating a key", () => {
    expect(preview.manifests.objects.some((candidate) => candidate.kind === "Secret" && candidate.metadata.name === "qwen-api-key")).toBe(false);
  });

  it("runs the Ray executor on the multi-node group it is asked for", () => {
    const [leader] = podContainers([object("LeaderWorkerSet", "llama-lws")]);
    expect(leader?.container["command"]).toEqual(["/bin/sh", "-c"]);
    expect(String((leader?.container["args"] as string[])[0])).toContain("--distributed-executor-backend ray");
    expect(preview.plans.get("llama")).toMatchObject({ tensorParallel: 8, pipelineParallel: 2, nodes: 2 });
  });
});
