import { z } from "zod";

/**
 * String formats checked by a pattern, each with the reason a user reads and the fix they can apply.
 * `parseWith` finds the fix of a failed pattern here, so a bad name never gets regex wording.
 */
const FIXES = new Map<string, string>();

/**
 * A string that must match `pattern`. `reason` says what the value must be ("must be a DNS label …"),
 * `fix` how to write one ("use lower-case letters, digits and '-', e.g. qwen-7b").
 */
export function patternString(pattern: RegExp, reason: string, fix: string, missingReason?: string): z.ZodString {
  // zod reports a failed pattern as its literal (`/…/flags`).
  FIXES.set(String(pattern), fix);
  // `missingReason` says what a required key is for when it is left out (parseWith keeps words it did not write itself).
  const base = missingReason === undefined ? z.string() : z.string({ error: (issue) => (issue.input === undefined ? missingReason : undefined) });
  return base.regex(pattern, reason);
}

/** The fix registered for a pattern (as zod reports it, `/…/`), if any. */
export function fixForPattern(pattern: string | undefined): string | undefined {
  return pattern === undefined ? undefined : FIXES.get(pattern);
}
