import { LlmfleetError } from "../../src/errors/index.js";

/** Runs `action` and returns the LlmfleetError it throws; fails the test if it throws nothing or something else. */
export function errorOf(action: () => unknown): LlmfleetError {
  try {
    action();
  } catch (error) {
    if (error instanceof LlmfleetError) return error;
    throw error;
  }
  throw new Error("expected an LlmfleetError");
}
