/** Flag values read from text with messages in words: numbers, fractions and choices with "did you mean". */
import { LlmfleetError } from "../errors/index.js";
import { didYouMean } from "../model/nameSuggestions.js";

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The number `text` spells, or undefined when it is not a plain decimal number. */
function numberFrom(text: string): number | undefined {
  const trimmed = text.trim();
  if (!NUMBER_TEXT.test(trimmed)) return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

export interface WholeNumberFlag {
  /** What the number counts, e.g. `tokens`; used in the fix. */
  readonly unit?: string;
  /** A sensible value to show in the fix. */
  readonly example: number;
}

/**
 * A positive whole number given to `flag`.
 *
 * @throws LlmfleetError naming the flag when the text is not a number, not whole, negative or zero
 */
export function wholeNumberFlag(flag: string, text: string, spec: WholeNumberFlag): number {
  const value = numberFrom(text);
  const fix = `give a positive whole number${spec.unit === undefined ? "" : ` of ${spec.unit}`}, e.g. ${flag} ${spec.example}`;
  if (value === undefined) throw new LlmfleetError(flag, text, "is not a number", fix);
  if (!Number.isInteger(value)) throw new LlmfleetError(flag, text, "is not a whole number", fix);
  if (value < 0) throw new LlmfleetError(flag, text, "is negative", fix);
  if (value === 0) throw new LlmfleetError(flag, text, "must be at least 1", fix);
  return value;
}

/**
 * A fraction in (0, 1] given to `flag`.
 *
 * @throws LlmfleetError naming the flag when the text is not a number or out of range
 */
export function fractionFlag(flag: string, text: string, example: string): number {
  const value = numberFrom(text);
  const fix = `give a fraction greater than 0 and at most 1, e.g. ${flag} ${example}`;
  if (value === undefined) throw new LlmfleetError(flag, text, "is not a number", fix);
  if (!(value > 0 && value <= 1)) throw new LlmfleetError(flag, text, "is not a fraction greater than 0 and at most 1", fix);
  return value;
}

/**
 * One of `choices` given to `flag`, as written (case-sensitive, as the engines' own flags are).
 *
 * @param what what the choices are, e.g. `an engine llmfleet plans for`
 * @throws LlmfleetError naming the flag, with the closest choices, when the text is none of them
 */
export function choiceFlag<T extends string>(flag: string, text: string, choices: readonly T[], what: string): T {
  const found = choices.find((choice) => choice === text);
  if (found !== undefined) return found;
  throw new LlmfleetError(flag, text, `is not ${what}`, didYouMean(text, choices, `use one of ${choices.join(", ")}`));
}
