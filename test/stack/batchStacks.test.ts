import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { KubernetesObject } from "../../src/k8s/index.js";
import type { RecordedResource } from "../../src/preview/index.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { at, flagValue } from "../workload/fixtures.js";

let horovod: StackPreview;
let vllm: StackPreview;

beforeAll(async () => {
  horovod = await previewStack(loadStackFile({ stack: "batch" }));
  vllm = await previewStack(loadStackFile({ configFile: fileURLToPath(new URL("fixtures/Pulumi.vllm-batch.yaml", import.meta.url)) }));
});

function object(preview: StackPreview, kind: string, name: string): KubernetesObject | undefined {
  return preview.manifests.objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
}

function resource(preview: StackPreview, type: string, name: string): RecordedResource | undefined {
  return preview.resources.find((candidate) => candidate.type === type && candidate.name === name);
}

describe("the shipped batch stack: a Horovod job that writes results", () => {
  it("previews with valid objects, no mandatory policy finding and no deployability finding", () => {
    expect(horovod.manifestFindings).toEqual([]);
    expect(horovod.policyFindings.filter((finding) => finding.enforcement === "mandatory")).toEqual([]);
    expect(horovod.deployabilityFindings).toEqual([]);
  });

  it("runs the shipped script on 8 ranks over the stack's prompts into /results", () => {
    const launcher = at(object(horovod, "MPIJob", "bloom-batch"), "spec", "mpiReplicaSpecs", "Launcher", "template", "spec", "containers") as Record<string, unknown>[];
    const words = [...(launcher[0]?.["command"] as string[]), ...(launcher[0]?.["args"] as string[])];
    expect(flagValue(words, "-np")).toBe("8");
    expect(words).toContain("/opt/llmfleet/batch/horovod_batch_infer.py");
    expect(flagValue(words, "--input")).toBe("/models/jobs/prompts.jsonl");
    expect(flagValue(words, "--output")).toBe("/results");
    expect(at(object(horovod, "ConfigMap", "bloom-batch-batch-script"), "data", "horovod_batch_infer.py")).toContain("hvd.allreduce");
  });

  it("writes through a claim bound to the OSS prefix with a writer role scoped to it", () => {
    expect(at(object(horovod, "PersistentVolumeClaim", "bloom-batch-results"), "spec", "volumeName")).toBe("llm-serving-bloom-batch-results");
    const pv = object(horovod, "PersistentVolume", "llm-serving-bloom-batch-results");
    expect(at(pv, "spec", "csi", "volumeAttributes")).toMatchObject({ bucket: "llmfleet-batch-models", path: "/results/bloom-batch", roleName: "llmfleet-batch-bloom-batch-writer", otherOpts: "-o allow_other -o uid=1000 -o gid=1000" });
    const policy = JSON.parse(String(resource(horovod, "alicloud:ram/policy:Policy", "llmfleet-bloom-batch-results-write")?.inputs["policyDocument"])) as { Statement: { Resource: string[] }[] };
    expect(policy.Statement.map((statement) => statement.Resource)).toEqual([["acs:oss:*:*:llmfleet-batch-models"], ["acs:oss:*:*:llmfleet-batch-models/results/bloom-batch/*"]]);
  });

  it("tells where the prompts are read and the results written", () => {
    expect(horovod.batchLocations.get("bloom-batch")).toEqual({ input: "oss://llmfleet-batch-models/jobs/prompts.jsonl", output: "oss://llmfleet-batch-models/results/bloom-batch/" });
  });
});

describe("a vLLM batch fleet: run-batch as an indexed Job", () => {
  it("previews with valid objects, no mandatory policy finding and no deployability finding", () => {
    expect(vllm.manifestFindings).toEqual([]);
    expect(vllm.policyFindings.filter((finding) => finding.enforcement === "mandatory")).toEqual([]);
    expect(vllm.deployabilityFindings).toEqual([]);
  });

  it("renders two shards on the A10 pool and nothing that serves: no Service, budget, autoscaler or API key", () => {
    expect(object(vllm, "Job", "qwen-batch")?.spec).toMatchObject({ completionMode: "Indexed", completions: 2, parallelism: 2, activeDeadlineSeconds: 21_600 });
    expect(vllm.manifests.objects.filter((candidate) => ["Service", "PodDisruptionBudget", "ScaledObject"].includes(candidate.kind))).toEqual([]);
    expect(vllm.resources.filter((candidate) => candidate.type === "random:index/randomPassword:RandomPassword" || candidate.type === "kubernetes:core/v1:Secret")).toEqual([]);
    expect(vllm.batchLocations.get("qwen-batch")).toEqual({ input: "oss://llmfleet-vllm-batch-models/jobs/qwen/requests.jsonl", output: "oss://llmfleet-vllm-batch-results/qwen/" });
  });
});
