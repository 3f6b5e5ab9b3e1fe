/**
 * The preview's output folder (`--out`). The preview owns only the files it records in the folder's
 * ownership file: it replaces those on the next run and never deletes or overwrites anything else,
 * so `--out` pointed at a repository's own folder cannot destroy work.
 */
import { lstatSync, readdirSync, readFileSync, unlinkSync, writeFileSync, type Stats } from "node:fs";
import { dirname, isAbsolute, join, normalize, resolve, sep } from "node:path";
import { LlmfleetError, createUserFolder, fileSystemError } from "../errors/index.js";

/** Lists, inside the folder, every file the preview wrote there. */
export const OWNERSHIP_FILE = ".llmfleet-preview.json";
const WRITTEN_BY = "llmfleet preview";

/** A folder the preview may write into, with the files it wrote there before. */
export interface OutputFolder {
  readonly dir: string;
  /** The flag that named the folder, for errors. */
  readonly field: string;
  /** Paths relative to `dir` that an earlier preview recorded as its own. */
  readonly ownedFiles: ReadonlySet<string>;
}

function folderFix(field: string): string {
  return `choose a folder you can write to, e.g. ${field} .preview/<stack>`;
}

function fileSystemFailure(folder: { dir: string; field: string }, action: string, error: unknown): LlmfleetError {
  return fileSystemError(folder.field, folder.dir, action, error, folderFix(folder.field));
}

/** A recorded path is kept only when it stays inside the folder: a tampered record must not reach outside. */
function insideFolder(path: unknown): path is string {
  if (typeof path !== "string" || path === "" || isAbsolute(path)) return false;
  const normalised = normalize(path);
  return normalised === path && !normalised.split(sep).includes("..");
}

function readOwnership(folder: { dir: string; field: string }): Set<string> {
  const path = join(folder.dir, OWNERSHIP_FILE);
  let record: unknown;
  try {
    record = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    record = undefined;
  }
  const files = (record as { writtenBy?: unknown; files?: unknown } | undefined)?.files;
  if ((record as { writtenBy?: unknown } | undefined)?.writtenBy !== WRITTEN_BY || !Array.isArray(files)) {
    throw new LlmfleetError(
      folder.field,
      folder.dir,
      `its ${OWNERSHIP_FILE} is not a record the preview wrote, so the preview cannot tell its own files from yours`,
      `give a new or empty folder, or delete ${path} only if every file in the folder came from llmfleet preview`,
    );
  }
  return new Set(files.filter(insideFolder));
}

function describeEntries(entries: readonly string[]): string {
  const shown = entries.slice(0, 3).join(", ");
  return entries.length > 3 ? `${shown} and ${entries.length - 3} more` : shown;
}

/**
 * Checks `--out` before the preview runs, so a bad folder fails at once: it is created when missing;
 * an existing folder must be empty or hold an earlier preview's ownership record.
 *
 * @throws LlmfleetError naming `field` for a path that is a file, cannot be created or read, or holds files the preview did not write
 */
export function claimOutputFolder(path: string, field = "--out"): OutputFolder {
  const dir = resolve(path);
  const folder = { dir, field };
  createUserFolder(dir, field, folderFix(field));
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch (error) {
    throw fileSystemFailure(folder, "the folder cannot be read", error);
  }
  if (entries.length === 0) return { ...folder, ownedFiles: new Set() };
  if (!entries.includes(OWNERSHIP_FILE)) {
    throw new LlmfleetError(
      field,
      path,
      `the folder already holds files the preview did not write (${describeEntries(entries)}), and it never overwrites or deletes those`,
      `give a new or empty folder, e.g. ${field} .preview/<stack> (a folder from an llmfleet version that kept no ${OWNERSHIP_FILE}: delete it once yourself)`,
    );
  }
  return { ...folder, ownedFiles: readOwnership(folder) };
}

function writeOwnership(folder: OutputFolder, files: Iterable<string>): void {
  const record = {
    writtenBy: WRITTEN_BY,
    note: "llmfleet preview replaces exactly these files on its next run and leaves every other file here alone",
    files: [...new Set(files)].sort(),
  };
  writeFileSync(join(folder.dir, OWNERSHIP_FILE), `${JSON.stringify(record, null, 2)}\n`);
}

/** True when `path` is a regular file the preview may replace; a file it does not own is refused. */
function checkReplaceable(folder: OutputFolder, file: string): void {
  let stats: Stats | undefined;
  try {
    stats = lstatSync(join(folder.dir, file), { throwIfNoEntry: false });
  } catch (error) {
    throw fileSystemFailure(folder, `${file} cannot be checked`, error);
  }
  if (stats === undefined) return;
  if (!folder.ownedFiles.has(file) || !stats.isFile()) {
    throw new LlmfleetError(
      folder.field,
      folder.dir,
      `${file} is there and the preview did not write it, so it will not overwrite it`,
      `move ${file} away, or give another folder with ${folder.field}`,
    );
  }
}

/**
 * Writes `files` (path relative to the folder → content) and records them as the preview's own.
 * Files an earlier preview recorded and this one no longer produces are removed; nothing else is.
 * The record is written first with both sets, so an interrupted run still knows every file it wrote.
 */
export function writeOwnedFiles(folder: OutputFolder, files: ReadonlyMap<string, string>): void {
  for (const file of files.keys()) checkReplaceable(folder, file);
  try {
    writeOwnership(folder, [...folder.ownedFiles, ...files.keys()]);
    for (const stale of folder.ownedFiles) {
      if (files.has(stale)) continue;
      const path = join(folder.dir, stale);
      if (lstatSync(path, { throwIfNoEntry: false })?.isFile() === true) unlinkSync(path);
    }
    for (const [file, content] of files) {
      const path = join(folder.dir, file);
      createUserFolder(dirname(path), folder.field, folderFix(folder.field));
      writeFileSync(path, content);
    }
    writeOwnership(folder, files.keys());
  } catch (error) {
    if (error instanceof LlmfleetError) throw error;
    throw fileSystemFailure(folder, "the preview cannot be written there", error);
  }
}
