/**
 * `llmfleet preview --diff DIR`: what changed since an earlier preview, read from its `plan.json`:
 * resources added, removed or with changed inputs (secrets compare as `[secret]`, so a rotated
 * secret does not show), sizing plans and policy findings.
 */
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { LlmfleetError, readUserFile } from "../errors/index.js";

const baselineSchema = z.object({
  plans: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  resources: z.array(z.object({ type: z.string(), name: z.string(), inputs: z.record(z.string(), z.unknown()) })),
  policy: z
    .object({ findings: z.array(z.object({ rule: z.string(), message: z.string(), enforcement: z.string(), resource: z.object({ name: z.string() }).nullish() })) })
    .default({ findings: [] }),
});

/** An earlier preview's plan.json, as far as the comparison reads it. */
export type PreviewBaseline = z.output<typeof baselineSchema> & { readonly path: string };

/**
 * Reads `--diff DIR` (a preview folder, or a plan.json) before the new preview overwrites it.
 *
 * @throws LlmfleetError naming `--diff` when the file is missing, not JSON or not a preview's plan.json
 */
export function readBaseline(path: string, field = "--diff"): PreviewBaseline {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, "plan.json") : path;
  const fix = "give the folder of an earlier llmfleet preview (its --out) or its plan.json";
  if (!existsSync(file)) throw new LlmfleetError(field, path, `holds no plan.json of an earlier preview (${file} does not exist)`, fix);
  const text = readUserFile(file, field);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LlmfleetError(field, file, "is not JSON, so not a plan.json llmfleet preview wrote", fix);
  }
  const parsed = baselineSchema.safeParse(json);
  if (!parsed.success) throw new LlmfleetError(field, file, "does not hold the resources of a preview, so it is not a plan.json llmfleet preview wrote", fix);
  return { ...parsed.data, path: file };
}

export interface ResourceChange {
  readonly resource: string;
  /** Input paths whose value differs, e.g. `spec.replicas`. */
  readonly paths: readonly string[];
}

export interface PreviewChanges {
  readonly baseline: string;
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly ResourceChange[];
  /** One line per deployment whose plan changed, e.g. `qwen7b: TP 1 → 2`. */
  readonly plans: readonly string[];
  readonly newFindings: readonly string[];
  readonly resolvedFindings: readonly string[];
}

/** The leaves of a JSON value by path: `spec.containers[0].args[3]` → value as JSON. */
function leaves(value: unknown, path: string, out: Map<string, string>): Map<string, string> {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, "[]");
    value.forEach((item, i) => leaves(item, `${path}[${i}]`, out));
  } else if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(path, "{}");
    for (const [key, item] of entries) leaves(item, path === "" ? key : `${path}.${key}`, out);
  } else {
    out.set(path, JSON.stringify(value));
  }
  return out;
}

function changedPaths(before: unknown, after: unknown): string[] {
  const a = leaves(before, "", new Map());
  const b = leaves(after, "", new Map());
  return [...new Set([...a.keys(), ...b.keys()])].filter((path) => a.get(path) !== b.get(path)).sort();
}

/** The plan fields a reader cares about, in order. */
const PLAN_FIELDS: readonly [string, (plan: Record<string, unknown>) => unknown][] = [
  ["instance", (p) => p["instanceType"]],
  ["nodes", (p) => p["nodes"]],
  ["TP", (p) => p["tensorParallel"]],
  ["PP", (p) => p["pipelineParallel"]],
  ["dtype", (p) => (p["model"] as Record<string, unknown> | undefined)?.["dtype"]],
  ["max model length", (p) => (p["model"] as Record<string, unknown> | undefined)?.["maxModelLen"]],
  ["KV-cache tokens", (p) => p["kvCacheTokens"]],
];

function planChanges(before: Readonly<Record<string, Record<string, unknown>>>, after: Readonly<Record<string, Record<string, unknown>>>): string[] {
  const lines: string[] = [];
  for (const name of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    const old = before[name];
    const now = after[name];
    if (old === undefined) lines.push(`${name}: new`);
    else if (now === undefined) lines.push(`${name}: removed`);
    else {
      const changes = PLAN_FIELDS.filter(([, read]) => JSON.stringify(read(old)) !== JSON.stringify(read(now))).map(
        ([label, read]) => `${label} ${String(read(old))} → ${String(read(now))}`,
      );
      if (changes.length > 0) lines.push(`${name}: ${changes.join(", ")}`);
    }
  }
  return lines;
}

type Finding = PreviewBaseline["policy"]["findings"][number];

function findingKey(finding: Finding): string {
  return `[${finding.enforcement}] ${finding.rule}${finding.resource ? ` ${finding.resource.name}` : ""}: ${finding.message}`;
}

/** What changed from `baseline` to `current` (the new plan.json document). */
export function diffPreviews(baseline: PreviewBaseline, current: Record<string, unknown>): PreviewChanges {
  const now = baselineSchema.parse(current);
  const id = (r: { type: string; name: string }): string => `${r.type}::${r.name}`;
  const before = new Map(baseline.resources.map((r) => [id(r), r.inputs]));
  const after = new Map(now.resources.map((r) => [id(r), r.inputs]));
  const changed: ResourceChange[] = [];
  for (const [key, inputs] of after) {
    const old = before.get(key);
    if (old === undefined) continue;
    const paths = changedPaths(old, inputs);
    if (paths.length > 0) changed.push({ resource: key, paths });
  }
  const oldFindings = new Set(baseline.policy.findings.map(findingKey));
  const newFindings = new Set(now.policy.findings.map(findingKey));
  return {
    baseline: baseline.path,
    added: [...after.keys()].filter((key) => !before.has(key)),
    removed: [...before.keys()].filter((key) => !after.has(key)),
    changed,
    plans: planChanges(baseline.plans, now.plans),
    newFindings: [...newFindings].filter((f) => !oldFindings.has(f)),
    resolvedFindings: [...oldFindings].filter((f) => !newFindings.has(f)),
  };
}

const MAX_LISTED = 20;
const MAX_PATHS = 4;

function listed(prefix: string, items: readonly string[]): string[] {
  const lines = items.slice(0, MAX_LISTED).map((item) => `  ${prefix} ${item}`);
  if (items.length > MAX_LISTED) lines.push(`  … and ${items.length - MAX_LISTED} more`);
  return lines;
}

/** The changes section of the preview summary. */
export function formatChanges(changes: PreviewChanges): string[] {
  const lines = [`Changes since ${changes.baseline}`];
  const none =
    changes.added.length + changes.removed.length + changes.changed.length + changes.plans.length + changes.newFindings.length + changes.resolvedFindings.length === 0;
  if (none) return [...lines, "  none: the same resources, inputs, plans and policy findings"];
  lines.push(`  resources: ${changes.added.length} added, ${changes.removed.length} removed, ${changes.changed.length} changed`);
  lines.push(...listed("+", changes.added), ...listed("-", changes.removed));
  const changed = changes.changed.map((c) => `${c.resource}: ${c.paths.slice(0, MAX_PATHS).join(", ")}${c.paths.length > MAX_PATHS ? ` and ${c.paths.length - MAX_PATHS} more` : ""}`);
  lines.push(...listed("~", changed));
  if (changes.plans.length > 0) lines.push("  plans:", ...changes.plans.map((p) => `    ${p}`));
  if (changes.newFindings.length > 0) lines.push("  new policy findings:", ...changes.newFindings.map((f) => `    ${f}`));
  if (changes.resolvedFindings.length > 0) lines.push("  resolved policy findings:", ...changes.resolvedFindings.map((f) => `    ${f}`));
  return lines;
}
