import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { manifestFileName } from "./manifests.js";
import { countsByType, parentTree } from "./resourceTree.js";
import type { StackPreview } from "./runStack.js";

/** Exit status of a preview: 0 clean, 1 a mandatory policy violation, an invalid manifest or a deployability finding. */
export function previewExitCode(preview: StackPreview): number {
  const mandatory = preview.policyFindings.some((finding) => finding.enforcement === "mandatory");
  return mandatory || preview.manifestFindings.length > 0 || preview.deployabilityFindings.length > 0 ? 1 : 0;
}

/** The `plan.json` document: resources (secrets redacted), plans in the `plan --json` shape, findings. */
export function planDocument(preview: StackPreview): Record<string, unknown> {
  const nameOf = new Map(preview.resources.map((r) => [r.urn, `${r.type}::${r.name}`]));
  return {
    stack: preview.stack,
    environment: preview.environment,
    config: preview.configPath,
    plans: Object.fromEntries(preview.plans),
    warnings: preview.warnings,
    resources: preview.resources.map((r) => ({
      type: r.type,
      name: r.name,
      parent: r.parentUrn === null ? null : (nameOf.get(r.parentUrn) ?? r.parentUrn),
      // What Pulumi creates it after (dependsOn and input sources); children also wait for their parent's.
      dependsOn: r.dependencies.map((urn) => nameOf.get(urn) ?? urn),
      ...(r.protect ? { protect: true } : {}),
      ...(r.retainOnDelete ? { retainOnDelete: true } : {}),
      inputs: r.inputs,
    })),
    charts: preview.manifests.charts,
    manifests: { count: preview.manifests.objects.length, findings: preview.manifestFindings },
    policy: { findings: preview.policyFindings },
    deployability: { findings: preview.deployabilityFindings },
  };
}

/** Writes `manifests/*.yaml` (one object each, in apply order), `charts.yaml` and `plan.json` under `outDir`. */
export function writePreview(preview: StackPreview, outDir: string): { manifestsDir: string; planPath: string } {
  const manifestsDir = join(outDir, "manifests");
  rmSync(manifestsDir, { recursive: true, force: true });
  mkdirSync(manifestsDir, { recursive: true });
  preview.manifests.objects.forEach((object, index) => {
    writeFileSync(join(manifestsDir, manifestFileName(object, index)), stringify(object));
  });
  writeFileSync(join(outDir, "charts.yaml"), stringify({ charts: preview.manifests.charts }));
  const planPath = join(outDir, "plan.json");
  writeFileSync(planPath, `${JSON.stringify(planDocument(preview), null, 2)}\n`);
  return { manifestsDir, planPath };
}

/** The human summary: plans, resource counts, parent tree, manifest validation, policy results. */
export function formatPreview(preview: StackPreview, written: { manifestsDir: string; planPath: string }): string {
  const lines = [`Offline preview of stack ${preview.stack} (${preview.environment}) from ${preview.configPath}`];
  if (preview.warnings.length > 0) lines.push("", "Warnings", ...preview.warnings.map((warning) => `  ! ${warning}`));
  lines.push("", "Sizing plans");
  for (const [name, plan] of preview.plans) {
    lines.push(
      `  ${name}: ${plan.model.id} on ${plan.nodes} × ${plan.instanceType}, TP ${plan.tensorParallel} × PP ${plan.pipelineParallel} (${plan.gpus} ${plan.gpu.name}), ` +
        `${plan.kvCacheTokens.toLocaleString("en-US")} KV tokens, ${plan.maxConcurrency} × ${plan.model.maxModelLen}-token sequences`,
    );
    const weights = preview.weightLocations.get(name);
    if (weights !== undefined) lines.push(`    weights must be in ${weights} (config.json, tokenizer files, *.safetensors) before the pods start`);
    const startup = preview.startups.get(name);
    if (startup !== undefined) {
      lines.push(
        `    start ≈ ${startup.loadSeconds.toLocaleString("en-US")} s per replica (the checkpoint read ${startup.checkpointReads} × from the model storage at ${startup.readThroughputMiBps} MiB/s: ${startup.readSeconds.toLocaleString("en-US")} s; then engine start-up); ` +
          `the startup probe allows ${startup.budgetSeconds.toLocaleString("en-US")} s`,
      );
    }
    const transport = preview.transports.get(name);
    if (transport !== undefined) lines.push(`    NCCL between nodes: ${transport.between} (${transport.why})`);
    for (const warning of plan.warnings) lines.push(`    ! ${warning}`);
  }
  lines.push("", `Resources (${preview.resources.length})`);
  for (const [type, count] of countsByType(preview.resources)) lines.push(`  ${String(count).padStart(3)}  ${type}`);
  lines.push("", "Resource tree", ...parentTree(preview.resources).map((line) => `  ${line}`));
  lines.push("", `Kubernetes manifests: ${preview.manifests.objects.length} objects, ${preview.manifests.charts.length} Helm charts`);
  for (const chart of preview.manifests.charts) lines.push(`  chart ${chart.chart} ${chart.version}${chart.namespace ? ` in ${chart.namespace}` : ""}`);
  if (preview.manifestFindings.length === 0) lines.push("  every object validates against its upstream schema");
  for (const finding of preview.manifestFindings) lines.push(`  ✗ ${finding.object}: ${finding.problems.join("; ")}`);
  const mandatory = preview.policyFindings.filter((f) => f.enforcement === "mandatory").length;
  lines.push("", `Policy: ${mandatory} mandatory, ${preview.policyFindings.length - mandatory} advisory findings`);
  for (const finding of preview.policyFindings) {
    lines.push(`  [${finding.enforcement}] ${finding.rule}${finding.resource ? ` ${finding.resource.name}` : ""}: ${finding.message}`);
  }
  lines.push("", `Deployability (apply order, scheduling, idle GPUs, references): ${preview.deployabilityFindings.length} findings`);
  for (const finding of preview.deployabilityFindings) lines.push(`  ✗ [${finding.rule}] ${finding.resource}: ${finding.message}`);
  lines.push("", `Wrote ${written.manifestsDir}/ and ${written.planPath}`);
  return lines.join("\n");
}
