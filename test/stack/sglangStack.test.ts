import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { at } from "../workload/fixtures.js";

let preview: StackPreview;

beforeAll(async () => {
  preview = await previewStack(loadStackFile({ configFile: fileURLToPath(new URL("fixtures/Pulumi.sglang.yaml", import.meta.url)) }));
});

function object(kind: string, name: string): KubernetesObject | undefined {
  return preview.manifests.objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
}

describe("an SGLang fleet, single- and multi-node, previewed offline", () => {
  it("validates every object against its upstream schema, with no policy or deployability finding", () => {
    expect(preview.manifestFindings).toEqual([]);
    expect(preview.policyFindings).toEqual([]);
    expect(preview.deployabilityFindings).toEqual([]);
  });

  it("serves Qwen2.5-72B as a Deployment and DeepSeek-V3 as a LeaderWorkerSet group of three nodes", () => {
    expect(object("Deployment", "qwen72b")).toBeDefined();
    expect(at(object("LeaderWorkerSet", "deepseek-lws"), "spec", "leaderWorkerTemplate", "size")).toBe(3);
    expect(preview.plans.get("deepseek")).toMatchObject({ engine: "sglang", nodes: 3, tensorParallel: 8, pipelineParallel: 3 });
  });

  it("autoscales on SGLang's own queue metric at the threshold the stack sets", () => {
    const [trigger] = at(object("ScaledObject", "qwen72b"), "spec", "triggers") as Record<string, unknown>[];
    expect(at(trigger, "metadata", "query")).toBe('sum(sglang:num_queue_reqs{job="llmfleet-engines",namespace="llm-serving",deployment="qwen72b"})');
    expect(at(trigger, "metadata", "threshold")).toBe("8");
  });

  it("warns that a mainland China region without a registry mirror pulls from registries its nodes do not reach reliably", () => {
    expect(preview.warnings).toContainEqual(expect.stringMatching(/^region cn-hangzhou is in mainland China and the stack sets no registry mirror: its \d+ images/));
  });

  it("generates an API key Secret per route and routes the mesh to SGLang's port", () => {
    expect(object("Secret", "route-qwen72b-api-key")).toBeDefined();
    const [route] = at(object("VirtualService", "qwen72b"), "spec", "http") as Record<string, unknown>[];
    expect(JSON.stringify(route)).toContain('"number":30000');
  });
});
