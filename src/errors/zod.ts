/**
 * zod issues as llmfleet errors: every problem of the input at once, each naming its full path, the
 * value, the reason in words and a fix — never zod's own wording. A misspelt key is one error with
 * a "did you mean" (not an unknown key plus a missing one).
 */
import type { z } from "zod";
import { LlmfleetError, LlmfleetErrors } from "./LlmfleetError.js";
// The catalogue's name suggestions measure distance the same way; one implementation serves both.
import { editDistance } from "../model/nameSuggestions.js";
import { fixForPattern } from "./patterns.js";

/** Formats a zod issue path as `models[0].parallelism.tensor`, prefixed by `root` when given. */
export function formatPath(path: readonly PropertyKey[], root = ""): string {
  let out = root;
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? "(root)" : out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

interface SchemaDef {
  readonly type: string;
  readonly shape?: Record<string, unknown>;
  readonly innerType?: unknown;
  readonly in?: unknown;
  readonly out?: unknown;
  readonly element?: unknown;
  readonly options?: readonly unknown[];
  readonly valueType?: unknown;
}

function defOf(schema: unknown): SchemaDef | undefined {
  return (schema as { _zod?: { def?: SchemaDef } } | undefined)?._zod?.def;
}

/** The object shapes a value at `path` may have (several under a union). */
function shapesAt(schema: unknown, path: readonly PropertyKey[]): Record<string, unknown>[] {
  const def = defOf(schema);
  if (def === undefined) return [];
  if (def.innerType !== undefined) return shapesAt(def.innerType, path);
  if (def.type === "pipe") return shapesAt(def.in, path);
  if (def.type === "union") return (def.options ?? []).flatMap((option) => shapesAt(option, path));
  const [head, ...rest] = path;
  if (head === undefined) return def.type === "object" && def.shape !== undefined ? [def.shape] : [];
  if (def.type === "object") return shapesAt(def.shape?.[String(head)], rest);
  if (def.type === "array") return shapesAt(def.element, rest);
  if (def.type === "record") return shapesAt(def.valueType, rest);
  return [];
}

function normalisedKey(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, "");
}

/** The key closest to a misspelt one (`nodePool` → `nodePools`, `max_model_len` → `maxModelLen`), if any is close. */
function closestKey(wanted: string, keys: readonly string[]): string | undefined {
  const needle = normalisedKey(wanted);
  const scored = keys.map((key) => ({ key, distance: editDistance(needle, normalisedKey(key)) })).sort((a, b) => a.distance - b.distance);
  const best = scored[0];
  return best !== undefined && best.distance <= Math.max(2, Math.floor(needle.length / 3)) ? best.key : undefined;
}

const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: "text",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a map of keys",
  record: "a map of keys",
};

function typeInWords(type: string): string {
  return TYPE_WORDS[type] ?? type;
}

function receivedInWords(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  if (typeof value === "object") return "a map of keys";
  if (typeof value === "number" && Number.isNaN(value)) return "not a number";
  if (typeof value === "string") return "text";
  return `${typeof value === "number" ? "the number" : ""} ${String(value)}`.trim();
}

function bound(issue: { readonly origin?: string; readonly inclusive?: boolean }, limit: unknown, below: boolean): string {
  const unit = issue.origin === "string" ? " characters" : issue.origin === "array" ? " entries" : "";
  const word = below ? (issue.inclusive === false ? "more than" : "at least") : issue.inclusive === false ? "less than" : "at most";
  return `${word} ${String(limit)}${unit}`;
}

/** zod's own messages start like this; any other message was written by llmfleet and is kept. */
const ZOD_WORDING = /^(Invalid|Too (small|big)|Unrecognized|Expected)\b/;

/** The reason and fix of one issue, in words. */
function explain(issue: z.core.$ZodIssue, value: unknown): { reason: string; fix: string } {
  const written = ZOD_WORDING.test(issue.message) ? undefined : issue.message;
  switch (issue.code) {
    case "invalid_type":
      return value === undefined
        ? { reason: written ?? "is required", fix: `add it (${typeInWords(issue.expected)})` }
        : { reason: `must be ${typeInWords(issue.expected)}, not ${receivedInWords(value)}`, fix: `write ${typeInWords(issue.expected)}` };
    case "invalid_value":
      return { reason: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`, fix: `use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}` };
    case "too_small":
      return { reason: written ?? `must be ${bound(issue, issue.minimum, true)}`, fix: `use a value ${bound(issue, issue.minimum, true)}` };
    case "too_big":
      return { reason: written ?? `must be ${bound(issue, issue.maximum, false)}`, fix: `use a value ${bound(issue, issue.maximum, false)}` };
    case "invalid_format":
      return { reason: issue.message, fix: fixForPattern(issue.pattern) ?? (issue.format === "url" ? "give a full URL such as http://host:9090" : "write the value as the reason describes") };
    case "not_multiple_of":
      return { reason: `must be a multiple of ${String(issue.divisor)}`, fix: `use a multiple of ${String(issue.divisor)}` };
    case "invalid_union":
      return { reason: "matches none of the forms this key accepts", fix: "write it in one of the forms the configuration reference shows" };
    case "custom": {
      const fix = (issue.params as { fix?: unknown } | undefined)?.fix;
      return { reason: issue.message, fix: typeof fix === "string" ? fix : "correct the value as the reason describes" };
    }
    default:
      return { reason: issue.message, fix: "correct the value as the configuration reference describes" };
  }
}

/** Dotted key of a path for comparing siblings. */
function keyOf(path: readonly PropertyKey[]): string {
  return path.map(String).join("\u0000");
}

/**
 * Parses `input` with `schema`; on failure throws every problem (`LlmfleetError`, or
 * `LlmfleetErrors` for several), each naming its full path under `root`.
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, root = ""): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues;
  // A misspelt key shows up twice: unknown where it was written, missing where it belongs.
  const missing = new Map<string, z.core.$ZodIssue>();
  for (const issue of issues) {
    if (issue.code === "invalid_type" && valueAt(input, issue.path) === undefined) missing.set(keyOf(issue.path), issue);
  }
  const absorbed = new Set<z.core.$ZodIssue>();
  const errors: LlmfleetError[] = [];
  for (const issue of issues) {
    if (issue.code !== "unrecognized_keys") continue;
    const known = shapesAt(schema, issue.path).flatMap((shape) => Object.keys(shape));
    for (const key of issue.keys) {
      const suggestion = closestKey(key, known.filter((candidate) => !issue.keys.includes(candidate)));
      const missingIssue = suggestion === undefined ? undefined : missing.get(keyOf([...issue.path, suggestion]));
      if (missingIssue !== undefined) absorbed.add(missingIssue);
      const reason = suggestion === undefined ? "is not a key here" : `is not a key here; did you mean ${suggestion}?`;
      const fix = suggestion === undefined ? "remove it, or check its spelling against the configuration reference" : `rename it to ${suggestion}`;
      errors.push(new LlmfleetError(formatPath([...issue.path, key], root), valueAt(input, [...issue.path, key]), reason, fix));
    }
  }
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys" || absorbed.has(issue)) continue;
    const value = valueAt(input, issue.path);
    const { reason, fix } = explain(issue, value);
    errors.push(new LlmfleetError(formatPath(issue.path, root), value, reason, fix));
  }
  if (errors.length === 1 && errors[0]) throw errors[0];
  throw new LlmfleetErrors(errors);
}
