/**
 * The one error type llmfleet raises for bad input or a configuration that cannot work.
 *
 * Every error names the field (a dotted path such as `models[0].parallelism.tensor`), the value
 * that was given, why it is wrong and how to fix it, so a CLI can print it as one readable line
 * and a Pulumi component can turn it into an `InputPropertyError`.
 */
export class LlmfleetError extends Error {
  override readonly name = "LlmfleetError";

  constructor(
    /** Path of the offending input, e.g. `tensorParallel` or `models[0].gpu`. */
    readonly field: string,
    /** The value that was given (undefined when the field was missing). */
    readonly value: unknown,
    /** Why the value cannot be used. */
    readonly reason: string,
    /** What the user should do instead. */
    readonly fix: string,
  ) {
    super(`${field} = ${describeValue(value)}: ${reason}. Fix: ${fix}`);
  }
}

/** Several independent problems found in one input, reported together. */
export class LlmfleetErrors extends Error {
  override readonly name = "LlmfleetErrors";

  constructor(readonly errors: readonly LlmfleetError[]) {
    super(errors.map((error) => error.message).join("\n"));
  }
}

const MAX_VALUE_CHARS = 80;

/** Renders a value for an error message: short, single-line, never a whole object dump. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "(missing)";
  let text: string;
  if (typeof value === "string") text = JSON.stringify(value);
  else if (typeof value === "number" || typeof value === "boolean" || value === null) text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = Object.prototype.toString.call(value);
    }
  }
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** True for errors that carry a user-facing message (as opposed to bugs). */
export function isUserError(error: unknown): error is LlmfleetError | LlmfleetErrors {
  return error instanceof LlmfleetError || error instanceof LlmfleetErrors;
}
