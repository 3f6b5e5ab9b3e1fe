import type { z } from "zod";
import { LlmfleetError, LlmfleetErrors } from "./LlmfleetError.js";
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

function fixFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return `give a value of type ${issue.expected}`;
    case "invalid_value":
      return `use one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "too_small":
      return `use a value ${issue.inclusive === false ? ">" : "≥"} ${String(issue.minimum)}`;
    case "too_big":
      return `use a value ${issue.inclusive === false ? "<" : "≤"} ${String(issue.maximum)}`;
    case "unrecognized_keys":
      return `remove ${issue.keys.map((k) => JSON.stringify(k)).join(", ")} (check the spelling against the configuration reference)`;
    case "invalid_format":
      return fixForPattern(issue.pattern) ?? (issue.format === "regex" ? "write the value as the reason describes" : `give a valid ${issue.format}`);
    case "custom": {
      const fix = (issue.params as { fix?: unknown } | undefined)?.fix;
      return typeof fix === "string" ? fix : "correct the value as described in the configuration reference";
    }
    default:
      return "correct the value as described in the configuration reference";
  }
}

/**
 * Parses `input` with `schema`; on failure throws `LlmfleetErrors` with one `LlmfleetError` per
 * zod issue, each naming the full path under `root`.
 */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, root = ""): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => {
    const path = issue.code === "unrecognized_keys" ? [...issue.path, issue.keys[0] ?? ""] : issue.path;
    return new LlmfleetError(formatPath(path, root), valueAt(input, path), issue.message, fixFor(issue));
  });
  if (errors.length === 1 && errors[0]) throw errors[0];
  throw new LlmfleetErrors(errors);
}
