import { LlmfleetError, LlmfleetErrors } from "./LlmfleetError.js";

/**
 * The one way errors from a lower layer (the planner, the model catalogue, the builders) are made to
 * name what the user wrote: each error's field is mapped to a path under the user's input, e.g.
 * `tensorParallel` → `llmfleet:fleet.deployments[1].parallelism.tensor`.
 */
export type FieldLocator = (field: string) => string;

/** `root.field`, `root[0]` for an index, or the field alone when there is no root. */
export function joinPath(root: string, field: string): string {
  if (root === "") return field;
  if (field === "") return root;
  return field.startsWith("[") ? `${root}${field}` : `${root}.${field}`;
}

/** A locator that puts every field under `root`, using the spelling the user wrote where a key was renamed. */
export function under(root: string, writtenAs: ReadonlyMap<string, string> = new Map()): FieldLocator {
  return (field) => {
    const head = [...writtenAs.keys()].find((key) => field === key || field.startsWith(`${key}.`) || field.startsWith(`${key}[`));
    const written = head === undefined ? field : `${writtenAs.get(head) ?? head}${field.slice(head.length)}`;
    return joinPath(root, written);
  };
}

/** One error with its field mapped by `locate`. */
export function rerootError(error: LlmfleetError, locate: FieldLocator): LlmfleetError {
  return new LlmfleetError(locate(error.field), error.value, error.reason, error.fix);
}

/** The same error (or errors) with every field mapped by `locate`; anything else is returned unchanged. */
export function reroot(error: unknown, locate: FieldLocator): unknown {
  if (error instanceof LlmfleetError) return rerootError(error, locate);
  if (error instanceof LlmfleetErrors) return new LlmfleetErrors(error.errors.map((e) => rerootError(e, locate)));
  return error;
}

/** Runs `action`; llmfleet errors it throws come out re-rooted by `locate`. */
export function rootedAt<T>(locate: FieldLocator, action: () => T): T {
  try {
    return action();
  } catch (error) {
    throw reroot(error, locate);
  }
}

/** Throws the problems found (one error, or all of them together); returns when there are none. */
export function throwAll(problems: readonly LlmfleetError[]): void {
  if (problems.length === 1 && problems[0] !== undefined) throw problems[0];
  if (problems.length > 1) throw new LlmfleetErrors(problems);
}

/** The individual errors of one error or of a group; [] for anything else. */
export function errorsOf(error: unknown): LlmfleetError[] {
  if (error instanceof LlmfleetError) return [error];
  if (error instanceof LlmfleetErrors) return [...error.errors];
  return [];
}
