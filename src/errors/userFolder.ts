import { mkdirSync, statSync, type Stats } from "node:fs";
import { dirname } from "node:path";
import { LlmfleetError } from "./LlmfleetError.js";

const REASON_FOR_CODE: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "the operating system does not allow it",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is exhausted",
  ENOTDIR: "a part of the path is a file, not a folder",
  ENOENT: "the file system does not allow creating it there",
  EISDIR: "a folder stands where a file should be written",
  EEXIST: "something already exists there",
  ENAMETOOLONG: "the path is too long",
  ELOOP: "the path has a symbolic link loop",
};

/** A file-system failure on a path the user named with `field`, in words: one error line, never a stack trace. */
export function fileSystemError(field: string, path: string, action: string, error: unknown, fix: string): LlmfleetError {
  const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
  const reason = REASON_FOR_CODE[code];
  return new LlmfleetError(field, path, `${action}: ${reason === undefined ? code : `${reason} (${code})`}`, fix);
}

/**
 * `mkdir -p` one level at a time for a folder the user named with `field`. Node's recursive mkdir
 * never returns on pseudo file systems such as /proc (creating a missing child fails with ENOENT,
 * and it retries the parent forever).
 *
 * @throws LlmfleetError naming `field` when a part of the path is not a folder or cannot be created
 */
export function createUserFolder(dir: string, field: string, fix: string): void {
  const missing: string[] = [];
  let current = dir;
  let existing: Stats | undefined;
  try {
    while ((existing = statSync(current, { throwIfNoEntry: false })) === undefined) {
      missing.unshift(current);
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
  } catch (error) {
    throw fileSystemError(field, dir, "the folder cannot be created", error, fix);
  }
  if (existing !== undefined && !existing.isDirectory()) throw new LlmfleetError(field, dir, `${current} is not a folder`, fix);
  for (const path of missing) {
    try {
      mkdirSync(path);
    } catch (error) {
      throw fileSystemError(field, dir, `the folder ${path} cannot be created`, error, fix);
    }
  }
}
