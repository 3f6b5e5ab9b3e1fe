import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffPreviews, formatChanges, readBaseline } from "../../src/preview/planDiff.js";
import { errorOf } from "../support/errors.js";

/** A plan.json as the preview writes it, reduced to what the comparison reads. */
function planJson(replicas: number, extra: { type: string; name: string; inputs: Record<string, unknown> }[] = [], findings: unknown[] = []): Record<string, unknown> {
  return {
    plans: { qwen7b: { instanceType: "ecs.gn7i-c8g1.2xlarge", nodes: 1, tensorParallel: 1, pipelineParallel: 1, kvCacheTokens: 74592, model: { dtype: "bf16", maxModelLen: 8192 } } },
    resources: [
      { type: "kubernetes:apps/v1:Deployment", name: "llmfleet-qwen7b-deployment", parent: null, inputs: { spec: { replicas, template: { spec: { containers: [{ args: ["--port", "8000"] }] } } } } },
      { type: "kubernetes:core/v1:Secret", name: "llmfleet-qwen7b-api-key", parent: null, inputs: { stringData: { "api-key": "[secret]" } } },
      ...extra,
    ],
    policy: { findings },
  };
}

function baselineFile(document: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "llmfleet-diff-"));
  writeFileSync(join(dir, "plan.json"), JSON.stringify(document));
  return dir;
}

describe("comparing a preview with an earlier one", () => {
  it("says there is nothing when nothing changed", () => {
    const changes = diffPreviews(readBaseline(baselineFile(planJson(1))), planJson(1));
    expect(formatChanges(changes)).toEqual([`Changes since ${changes.baseline}`, "  none: the same resources, inputs, plans and policy findings"]);
  });

  it("names resources added and removed, the inputs that changed, plan changes and policy findings", () => {
    const before = planJson(1, [{ type: "kubernetes:core/v1:ConfigMap", name: "old", inputs: {} }], [{ rule: "gateway-hosts", message: "plain HTTP", enforcement: "advisory", resource: { name: "gw" } }]);
    const after = planJson(2, [{ type: "kubernetes:policy/v1:PodDisruptionBudget", name: "llmfleet-qwen7b-pdb", inputs: {} }]);
    (after["plans"] as Record<string, Record<string, unknown>>)["qwen7b"] = { instanceType: "ecs.gn7i-c32g1.16xlarge", nodes: 1, tensorParallel: 2, pipelineParallel: 1, kvCacheTokens: 178608, model: { dtype: "bf16", maxModelLen: 131072 } };
    const changes = diffPreviews(readBaseline(baselineFile(before)), after);
    expect(changes.added).toEqual(["kubernetes:policy/v1:PodDisruptionBudget::llmfleet-qwen7b-pdb"]);
    expect(changes.removed).toEqual(["kubernetes:core/v1:ConfigMap::old"]);
    expect(changes.changed).toEqual([{ resource: "kubernetes:apps/v1:Deployment::llmfleet-qwen7b-deployment", paths: ["spec.replicas"] }]);
    expect(changes.plans).toEqual(["qwen7b: instance ecs.gn7i-c8g1.2xlarge → ecs.gn7i-c32g1.16xlarge, TP 1 → 2, max model length 8192 → 131072, KV-cache tokens 74592 → 178608"]);
    expect(changes.resolvedFindings).toEqual(["[advisory] gateway-hosts gw: plain HTTP"]);
    expect(formatChanges(changes)).toContain("  ~ kubernetes:apps/v1:Deployment::llmfleet-qwen7b-deployment: spec.replicas");
  });

  it("reads a plan.json given directly, and refuses what is not an earlier preview's", () => {
    const dir = baselineFile(planJson(1));
    expect(readBaseline(join(dir, "plan.json")).resources).toHaveLength(2);
    expect(errorOf(() => readBaseline(join(dir, "nowhere"))).message).toMatch(/^--diff = ".*nowhere": holds no plan\.json of an earlier preview/);
    writeFileSync(join(dir, "plan.json"), '{"stack": "dev"}');
    expect(errorOf(() => readBaseline(dir)).reason).toBe("does not hold the resources of a preview, so it is not a plan.json llmfleet preview wrote");
    writeFileSync(join(dir, "plan.json"), "not json");
    expect(errorOf(() => readBaseline(dir)).reason).toBe("is not JSON, so not a plan.json llmfleet preview wrote");
  });
});
