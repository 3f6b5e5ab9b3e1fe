import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { vllmBatchCommand } from "../../src/engines/vllm/batch.js";
import { LlmfleetError, LlmfleetErrors } from "../../src/errors/index.js";
import { validateManifests } from "../../src/k8s/index.js";
import { buildInferenceWorkload } from "../../src/workload/index.js";
import { at, multiNodePlan, h20Pool, parseSpec } from "../workload/fixtures.js";
import { vllmBatchInput, vllmBatchSpec } from "./fixtures.js";

function fieldsOf(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof LlmfleetErrors) return error.errors.map((e) => e.field);
    if (error instanceof LlmfleetError) return [error.field];
    throw error;
  }
  return [];
}

describe("vLLM batch mode as an indexed Job", () => {
  const objects = buildInferenceWorkload(vllmBatchSpec(), "qwen-batch-api-key");
  const job = objects.find((object) => object.kind === "Job");
  const container = (at(job, "spec", "template", "spec", "containers") as Record<string, unknown>[] | undefined)?.[0];
  const script = (container?.["args"] as string[] | undefined)?.[0] ?? "";

  it("runs one completion per shard, all at once, retrying a failed shard on its own", () => {
    expect(job?.spec).toMatchObject({ completionMode: "Indexed", completions: 3, parallelism: 3, backoffLimitPerIndex: 2, ttlSecondsAfterFinished: 86_400, activeDeadlineSeconds: 7200 });
    expect(at(job, "spec", "template", "spec", "restartPolicy")).toBe("Never");
    expect(at(job, "metadata", "annotations", "pulumi.com/skipAwait")).toBe("true");
  });

  it("emits no Service, disruption budget or autoscaler, and a NetworkPolicy that admits nobody", () => {
    expect(objects.map((object) => object.kind).sort()).toEqual(["Job", "NetworkPolicy", "ServiceAccount"]);
    expect(at(objects.find((object) => object.kind === "NetworkPolicy"), "spec", "ingress")).toEqual([]);
  });

  it("runs vllm run-batch on the mounted checkpoint with the plan's engine flags and without the server's", () => {
    expect(script).toContain("vllm run-batch --model /models/Qwen2.5-7B-Instruct --served-model-name qwen2.5-7b-instruct --tensor-parallel-size 1");
    expect(script).toContain('-i "/tmp/input-$JOB_COMPLETION_INDEX.jsonl" -o "/results/.part-$JOB_COMPLETION_INDEX.jsonl.tmp"');
    expect(script).not.toMatch(/--port|--shutdown-timeout|VLLM_API_KEY/);
    expect(container?.["ports"]).toBeUndefined();
    expect(container?.["env"]).not.toContainEqual(expect.objectContaining({ name: "VLLM_API_KEY" }));
  });

  it("requests as many GPUs as it limits and lands on the GPU pool with the output mounted", () => {
    expect(at(container, "resources", "requests", "nvidia.com/gpu")).toBe("1");
    expect(at(container, "resources", "limits", "nvidia.com/gpu")).toBe("1");
    expect(at(job, "spec", "template", "spec", "nodeSelector", "llmfleet.io/pool")).toBe("a10");
    expect(container?.["volumeMounts"]).toContainEqual({ name: "results", mountPath: "/results" });
    expect(container?.["volumeMounts"]).toContainEqual({ name: "model", mountPath: "/models", readOnly: true });
  });

  it("validates against the upstream batch/v1 Job schema", async () => {
    expect(await validateManifests(objects)).toEqual([]);
  });
});

describe("vLLM batch shard script", () => {
  /** Runs the pod's script for one index with a stand-in `vllm` that copies its input to its output. */
  function runShard(index: number, shards: number, lines: string[], output: string): { status: number | null; stderr: string } {
    const work = mkdtempSync(join(tmpdir(), "llmfleet-vllm-batch-"));
    const bin = join(work, "bin");
    mkdirSync(bin);
    writeFileSync(join(bin, "vllm"), '#!/bin/sh\nwhile [ $# -gt 0 ]; do case "$1" in -i) in="$2"; shift;; -o) out="$2"; shift;; esac; shift; done\ncp "$in" "$out"\n');
    chmodSync(join(bin, "vllm"), 0o755);
    const input = join(work, "input.jsonl");
    writeFileSync(input, lines.join("\n"));
    const { command, args } = vllmBatchCommand(vllmBatchSpec(), { input, output }, shards);
    const result = spawnSync(command[0] ?? "/bin/sh", [...command.slice(1), ...args], {
      encoding: "utf8",
      env: { ...process.env, PATH: `${bin}:${process.env["PATH"] ?? ""}`, JOB_COMPLETION_INDEX: String(index) },
    });
    if (result.error !== undefined) throw new Error(`python3 and /bin/sh are needed for this test: ${result.error.message}`);
    return { status: result.status, stderr: result.stderr };
  }

  const requests = Array.from({ length: 7 }, (_, i) => JSON.stringify({ custom_id: `r${i}`, method: "POST", url: "/v1/chat/completions", body: {} }));

  it("gives each index every n-th non-blank line and renames a complete part file into place", () => {
    const output = mkdtempSync(join(tmpdir(), "llmfleet-results-"));
    for (const index of [0, 1, 2]) expect(runShard(index, 3, [...requests.slice(0, 3), "", ...requests.slice(3)], output).status).toBe(0);
    const ids = (index: number) => readFileSync(join(output, `part-${index}.jsonl`), "utf8").trim().split("\n").map((line) => (JSON.parse(line) as { custom_id: string }).custom_id);
    expect([ids(0), ids(1), ids(2)]).toEqual([["r0", "r3", "r6"], ["r1", "r4"], ["r2", "r5"]]);
  });

  it("leaves a shard that already has its part file alone (a retried Job resumes)", () => {
    const output = mkdtempSync(join(tmpdir(), "llmfleet-results-"));
    writeFileSync(join(output, "part-1.jsonl"), "done\n");
    expect(runShard(1, 3, requests, output).status).toBe(0);
    expect(readFileSync(join(output, "part-1.jsonl"), "utf8")).toBe("done\n");
  });
});

describe("vLLM batch refusals", () => {
  it("needs an output location", () => {
    expect(fieldsOf(() => parseSpec(vllmBatchInput({ batchJob: {} })))).toEqual(["batchJob.output"]);
  });

  it("refuses autoscaling, a command of its own and shards that need several nodes, each by its key", () => {
    expect(fieldsOf(() => parseSpec(vllmBatchInput({ autoscaling: { minReplicas: 3, maxReplicas: 4 } })))).toContain("autoscaling");
    expect(fieldsOf(() => parseSpec(vllmBatchInput({ batchJob: { output: "oss://acme-results/qwen/", command: ["python", "x.py"] } })))).toEqual(["batchJob.command"]);
    expect(fieldsOf(() => parseSpec(vllmBatchInput({ model: "llama-3.1-405b-instruct", plan: multiNodePlan, placement: h20Pool, replicas: 1 })))).toEqual(["batchJob"]);
  });

  it("refuses batchJob on an engine without a batch mode", () => {
    const input = vllmBatchInput({ engine: "sglang" });
    expect(fieldsOf(() => parseSpec(input))).toContain("batchJob");
  });
});
