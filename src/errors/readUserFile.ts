import { readFileSync } from "node:fs";
import { LlmfleetError } from "./LlmfleetError.js";

/** Reads a file the user named with `field` (a flag or key); an unreadable file is a user error, not a crash. */
export function readUserFile(path: string, field: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unreadable";
    throw new LlmfleetError(field, path, `the file cannot be read (${code})`, "give the path of an existing file");
  }
}
