/**
 * Keys users already have in their stacks and programs keep working: each old spelling is moved to
 * its new key before validation, with a deprecation warning that names the new key, and errors about
 * a moved value still name the key the user wrote.
 */
import { LlmfleetError } from "../errors/index.js";

/** One old key found in the input. */
export interface Deprecation {
  /** The key as written, e.g. `parallelism.tensor`. */
  readonly key: string;
  /** The key to write instead, e.g. `tensorParallel`. */
  readonly replacement: string;
}

export interface RenamedInput {
  readonly input: unknown;
  readonly deprecations: readonly Deprecation[];
  /** New key → the old spelling the value came from, for error messages. */
  readonly writtenAs: ReadonlyMap<string, string>;
  /** Values given under both spellings. */
  readonly conflicts: readonly LlmfleetError[];
}

/** The renames: old path → new path (dotted; objects are created as needed). */
const RENAMES: readonly { readonly from: readonly string[]; readonly to: readonly string[] }[] = [
  { from: ["parallelism", "tensor"], to: ["tensorParallel"] },
  { from: ["parallelism", "pipeline"], to: ["pipelineParallel"] },
  { from: ["batchCommand"], to: ["batchJob", "command"] },
  { from: ["deploymentName"], to: ["name"] },
  ...[
    "maxModelLen", "gpuMemoryUtilization", "dtype", "kvCacheDtype", "maxBatchedTokens", "prefixCaching", "speculative",
    "servedModelName", "shutdownTimeoutSeconds", "executor", "extraArgs", "extraEnv",
  ].map((key) => ({ from: ["engineOptions", key], to: [key] })),
];

/** Objects that only held old keys and are removed once empty. */
const CONTAINERS = ["parallelism", "engineOptions"];

type Record_ = Record<string, unknown>;

function isRecord(value: unknown): value is Record_ {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function get(object: Record_, path: readonly string[]): unknown {
  let current: unknown = object;
  for (const key of path) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/**
 * Moves old keys of one deployment to their new keys. Leaves anything that is not an object, and
 * any old key whose container is not an object, for the schema to report.
 */
export function renameDeprecatedKeys(raw: unknown): RenamedInput {
  if (!isRecord(raw)) return { input: raw, deprecations: [], writtenAs: new Map(), conflicts: [] };
  const input: Record_ = structuredClone(raw);
  const deprecations: Deprecation[] = [];
  const writtenAs = new Map<string, string>();
  const conflicts: LlmfleetError[] = [];
  for (const { from, to } of RENAMES) {
    const value = get(input, from);
    if (value === undefined) continue;
    const key = from.join(".");
    const replacement = to.join(".");
    if (get(input, to) !== undefined) {
      conflicts.push(new LlmfleetError(key, value, `is the old spelling of ${replacement}, which is also given`, `remove ${key} and keep ${replacement}`));
      continue;
    }
    let target = input;
    for (const segment of to.slice(0, -1)) {
      const next = target[segment];
      if (next !== undefined && !isRecord(next)) break;
      target = (target[segment] ??= {}) as Record_;
    }
    target[to[to.length - 1] ?? ""] = value;
    const container = get(input, from.slice(0, -1));
    if (from.length === 1) delete input[key];
    else if (isRecord(container)) delete container[from[from.length - 1] ?? ""];
    deprecations.push({ key, replacement });
    writtenAs.set(replacement, key);
  }
  for (const container of CONTAINERS) {
    const value = input[container];
    if (isRecord(value) && Object.keys(value).length === 0) delete input[container];
  }
  return { input, deprecations, writtenAs, conflicts };
}

/** The warning a user reads for one old key. */
export function deprecationWarning(root: string, deprecation: Deprecation): string {
  const at = root === "" ? "" : `${root}.`;
  return `${at}${deprecation.key} is deprecated: write ${at}${deprecation.replacement} instead (the old spelling still works)`;
}
