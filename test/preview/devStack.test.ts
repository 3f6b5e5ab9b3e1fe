import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { manifestProblems, type KubernetesObject } from "../../src/k8s/index.js";

const out = mkdtempSync(join(tmpdir(), "llmfleet-preview-"));
let stdout = "";
let code = -1;

beforeAll(async () => {
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  code = await main(["preview", "--stack", "dev", "--out", out]);
  vi.restoreAllMocks();
});

function manifests(): KubernetesObject[] {
  return readdirSync(join(out, "manifests")).sort().map((file) => parse(readFileSync(join(out, "manifests", file), "utf8")) as KubernetesObject);
}

interface PlanJson {
  plans: Record<string, { tensorParallel: number; gpus: number; instanceType: string; perGpu: Record<string, number> }>;
  resources: { type: string; name: string; parent: string | null; inputs: Record<string, unknown> }[];
  policy: { findings: { rule: string; enforcement: string }[] };
  charts: { chart: string; version: string }[];
}

function planJson(): PlanJson {
  return JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as PlanJson;
}

describe("llmfleet preview --stack dev", () => {
  it("exits 0: valid, no mandatory policy violation", () => {
    expect(code).toBe(0);
    expect(planJson().policy.findings.filter((f) => f.enforcement === "mandatory")).toEqual([]);
  });

  it("prints the sizing plan, the resource summary, the tree and the policy results", () => {
    expect(stdout).toMatch(/qwen7b: qwen2\.5-7b-instruct on 1 × ecs\.gn7i-c8g1\.2xlarge, TP 1 × PP 1 \(1 A10\)/);
    expect(stdout).toMatch(/^ {4}weights must be in oss:\/\/llmfleet-dev-models\/Qwen2\.5-7B-Instruct\/ \(config\.json, tokenizer files, \*\.safetensors\) before the pods start$/m);
    expect(stdout).toMatch(/^ {4}start ≈ [\d,]+ s per replica, cold or warm \(the checkpoint read 1 × from the model storage at \d+ MiB\/s: [\d,]+ s; then engine start-up\); the startup probe allows [\d,]+ s$/m);
    expect(stdout).toMatch(/Resources \(\d+\)/);
    expect(stdout).toMatch(/^ {2}llmfleet \(llmfleet:index:LlmFleet\)$/m);
    expect(stdout).toMatch(/^ {4}llmfleet-qwen7b \(llmfleet:index:InferenceDeployment\)$/m);
    expect(stdout).toContain("every object validates against its upstream schema");
    expect(stdout).toMatch(/Policy: 0 mandatory, \d+ advisory findings/);
  });

  it("writes every Kubernetes object, each valid against its upstream schema, in apply order", async () => {
    const objects = manifests();
    const kinds = objects.map((o) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(["Namespace", "Deployment", "Service", "NetworkPolicy", "PersistentVolume", "PersistentVolumeClaim", "VirtualService", "PrometheusRule"]));
    expect(kinds.indexOf("Namespace")).toBeLessThan(kinds.indexOf("Deployment"));
    for (const object of objects) expect(await manifestProblems(object), `${object.kind} ${object.metadata.name}`).toEqual([]);
  });

  it("lists Helm charts by chart, version and values instead of rendering them", () => {
    const charts = planJson().charts;
    expect(charts.map((c) => c.chart)).toEqual(expect.arrayContaining(["kube-prometheus-stack", "istiod", "base", "gateway"]));
    for (const chart of charts) expect(chart.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("writes plan.json with every resource (type, name, parent, inputs) and the plan in the plan --json shape", () => {
    const plan = planJson();
    expect(plan.plans["qwen7b"]).toMatchObject({ tensorParallel: 1, gpus: 1, instanceType: "ecs.gn7i-c8g1.2xlarge" });
    expect(Object.keys(plan.plans["qwen7b"]?.perGpu ?? {})).toEqual(["usableGiB", "weightsGiB", "overheadGiB", "kvCacheGiB"]);
    const pool = plan.resources.find((r) => r.type === "alicloud:cs/nodePool:NodePool" && r.name === "llmfleet-a10-pool");
    expect(pool?.parent).toBe("llmfleet:index:GpuNodePool::llmfleet-a10");
    expect(plan.resources.filter((r) => r.parent === null).map((r) => r.type)).toEqual(["llmfleet:index:LlmFleet"]);
  });

  it("never writes a secret in plain text", () => {
    const apiKey = planJson().resources.find((r) => r.type === "kubernetes:core/v1:Secret" && r.name.endsWith("api-key"));
    expect(apiKey?.inputs["stringData"]).toEqual({ "api-key": "[secret]" });
    const everything = [stdout, readFileSync(join(out, "plan.json"), "utf8"), ...manifests().map((m) => JSON.stringify(m))].join("\n");
    // The mock engine's generated passwords start with `mock-`; none may leak.
    expect(everything).not.toMatch(/mock-llmfleet-[a-z0-9-]*(api-key|grafana-admin)-x/);
    expect(everything).not.toContain("mock-token");
  });
});
