import { join } from "node:path";
import { stringify } from "yaml";
import { formatCosts, type DeploymentCost } from "./costs.js";
import { howToCall, stackEndpoints } from "./endpoints.js";
import { formatInferencePools, inferencePoolRoutes } from "./inferencePools.js";
import { manifestFileName } from "./manifests.js";
import { writeOwnedFiles, type OutputFolder } from "./outputFolder.js";
import { countsByType, parentTree } from "./resourceTree.js";
import type { StackPreview } from "./runStack.js";
import { formatChanges, type PreviewChanges } from "./planDiff.js";
import type { StartupEstimate } from "../workload/index.js";

/** What the preview command adds to a stack's results. */
export interface PreviewExtras {
  /** One sentence per value an offline placeholder stood in for. */
  readonly placeholders: readonly string[];
  /** Costs at the user's prices (`--prices`/`--price`). */
  readonly costs?: readonly DeploymentCost[];
  /** Changes since an earlier preview (`--diff`). */
  readonly changes?: PreviewChanges;
}

const NO_EXTRAS: PreviewExtras = { placeholders: [] };

/** Exit status of a preview: 0 clean, 1 a mandatory policy violation, an invalid manifest or a deployability finding. */
export function previewExitCode(preview: StackPreview): number {
  const mandatory = preview.policyFindings.some((finding) => finding.enforcement === "mandatory");
  return mandatory || preview.manifestFindings.length > 0 || preview.deployabilityFindings.length > 0 ? 1 : 0;
}

/**
 * The `plan.json` document: resources (secrets redacted), plans in the `plan --json` shape, findings,
 * the endpoints, the values that offline placeholders stood in for, and costs when priced.
 */
export function planDocument(preview: StackPreview, extras: PreviewExtras = NO_EXTRAS): Record<string, unknown> {
  const nameOf = new Map(preview.resources.map((r) => [r.urn, `${r.type}::${r.name}`]));
  const inferencePools = inferencePoolRoutes(preview.resources);
  return {
    stack: preview.stack,
    environment: preview.environment,
    config: preview.configPath,
    placeholders: extras.placeholders,
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
    endpoints: stackEndpoints(preview.resources),
    // routing: inference-pool only: which endpoints each route's pools select.
    ...(inferencePools.length === 0 ? {} : { inferencePools }),
    ...(extras.costs === undefined ? {} : { costs: extras.costs }),
    // What to copy into the mirror (docs/mirror.md); `mirror` fields are null without one.
    mirror: { registry: preview.registry?.mirror ?? null, images: preview.mirror.images, charts: preview.mirror.charts },
  };
}

/** Where a preview was written. */
export interface WrittenPreview {
  readonly manifestsDir: string;
  readonly planPath: string;
}

/** The images and charts to copy into a mirror, each with where the stack pulls it from the mirror. */
function mirrorLines(preview: StackPreview): string[] {
  const { images, charts } = preview.mirror;
  const target = (mirror: string | null) => (mirror === null ? "" : ` → ${mirror}`);
  return [
    preview.registry === undefined
      ? `To mirror for mainland China (registry.mirror, docs/mirror.md): ${images.length} images, ${charts.length} charts`
      : `Mirror ${preview.registry.mirror}: ${images.length} images, ${charts.length} charts to copy`,
    ...images.map((image) => `  image ${image.source}${image.tagFromChart === null ? "" : ` (tag: ${image.tagFromChart}'s default)`}${target(image.mirror)}`),
    ...charts.map((chart) => `  chart ${chart.chart} ${chart.version} from ${chart.from}${target(chart.mirror)}`),
  ];
}

/**
 * Writes `manifests/*.yaml` (one object each, in apply order), `charts.yaml` and `plan.json` into the
 * claimed output folder, replacing only what an earlier preview wrote there.
 */
export function writePreview(preview: StackPreview, folder: OutputFolder, extras: PreviewExtras = NO_EXTRAS): WrittenPreview {
  const files = new Map<string, string>();
  preview.manifests.objects.forEach((object, index) => files.set(`manifests/${manifestFileName(object, index)}`, stringify(object)));
  files.set("charts.yaml", stringify({ charts: preview.manifests.charts }));
  files.set("plan.json", `${JSON.stringify(planDocument(preview, extras), null, 2)}\n`);
  writeOwnedFiles(folder, files);
  return { manifestsDir: join(folder.dir, "manifests"), planPath: join(folder.dir, "plan.json") };
}

function seconds(value: number): string {
  return `${value.toLocaleString("en-US")} s`;
}

/** Cold and warm start of one replica, and where the time goes. */
export function startupLine(startup: StartupEstimate): string {
  const budget = `the startup probe allows ${seconds(startup.budgetSeconds)}`;
  if (startup.loadsFrom === "storage") {
    return (
      `start ≈ ${seconds(startup.loadSeconds)} per replica, cold or warm (the checkpoint read ${startup.checkpointReads} × from the model storage at ${startup.readThroughputMiBps} MiB/s: ` +
      `${seconds(startup.readSeconds)}; then engine start-up); ${budget}`
    );
  }
  return (
    `start ≈ ${seconds(startup.coldSeconds)} cold, ${seconds(startup.warmSeconds)} warm per replica (weights cached on the node disk: a cold node copies them once from the model storage at ` +
    `${startup.readThroughputMiBps} MiB/s, ${seconds(startup.readSeconds)}; then the ranks read the local copy at ${startup.localReadThroughputMiBps ?? 0} MiB/s, ` +
    `${seconds(startup.localReadSeconds)}, and engine start-up; a warm node skips the copy); ${budget}`
  );
}

/**
 * The human summary: placeholders, plans, resource counts, parent tree, manifest validation, policy
 * results, then the endpoints, costs and changes.
 */
export function formatPreview(preview: StackPreview, written: WrittenPreview, extras: PreviewExtras = NO_EXTRAS): string {
  const lines = [`Offline preview of stack ${preview.stack} (${preview.environment}) from ${preview.configPath}`];
  if (extras.placeholders.length > 0) lines.push("", "Offline placeholders", ...extras.placeholders.map((p) => `  ${p}`));
  lines.push("", "Sizing plans");
  for (const [name, plan] of preview.plans) {
    lines.push(
      `  ${name}: ${plan.model.id} on ${plan.nodes} × ${plan.instanceType}, TP ${plan.tensorParallel} × PP ${plan.pipelineParallel} (${plan.gpus} ${plan.gpu.name}), ` +
        `${plan.kvCacheTokens.toLocaleString("en-US")} KV tokens, ${plan.maxConcurrency} × ${plan.model.maxModelLen}-token sequences`,
    );
    const weights = preview.weightLocations.get(name);
    if (weights !== undefined) lines.push(`    weights must be in ${weights} (config.json, tokenizer files, *.safetensors) before the pods start`);
    const batch = preview.batchLocations.get(name);
    if (batch !== undefined) lines.push(`    batch job reads prompts from ${batch.input} and writes results to ${batch.output}`);
    const startup = preview.startups.get(name);
    if (startup !== undefined) {
      lines.push(`    ${startupLine(startup)}`);
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
  lines.push("", `Deployability (apply order, scheduling, idle GPUs, references, sources): ${preview.deployabilityFindings.length} findings`);
  for (const finding of preview.deployabilityFindings) lines.push(`  ✗ [${finding.rule}] ${finding.resource}: ${finding.message}`);
  const pools = inferencePoolRoutes(preview.resources);
  if (pools.length > 0) lines.push("", "Inference pools (routing: inference-pool): what each route's pools select", ...formatInferencePools(pools).map((line) => `  ${line}`));
  const endpoints = stackEndpoints(preview.resources);
  if (endpoints.length > 0) lines.push("", "Endpoints (after pulumi up)", ...endpoints.flatMap(howToCall).map((line) => `  ${line}`));
  if (extras.costs !== undefined) lines.push("", ...formatCosts(extras.costs));
  if (extras.changes !== undefined) lines.push("", ...formatChanges(extras.changes));
  lines.push("", ...mirrorLines(preview));
  lines.push("", `Wrote ${written.manifestsDir}/ and ${written.planPath}`);
  return lines.join("\n");
}
