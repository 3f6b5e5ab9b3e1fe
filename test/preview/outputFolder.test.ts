import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { OWNERSHIP_FILE, claimOutputFolder, writeOwnedFiles } from "../../src/preview/outputFolder.js";
import { errorOf } from "../support/errors.js";

function freshDir(): string {
  return mkdtempSync(join(tmpdir(), "llmfleet-out-"));
}

function files(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}

describe("the preview's output folder", () => {
  it("creates a missing folder, nested, and records every file it writes", () => {
    const dir = join(freshDir(), "a", "b");
    writeOwnedFiles(claimOutputFolder(dir), files({ "plan.json": "{}", "manifests/001-namespace-x.yaml": "kind: Namespace\n" }));
    expect(readFileSync(join(dir, "manifests", "001-namespace-x.yaml"), "utf8")).toBe("kind: Namespace\n");
    const record = JSON.parse(readFileSync(join(dir, OWNERSHIP_FILE), "utf8")) as { files: string[] };
    expect(record.files).toEqual(["manifests/001-namespace-x.yaml", "plan.json"]);
  });

  it("on the next run replaces its own files, removes its own stale ones and keeps a file the user added", () => {
    const dir = freshDir();
    writeOwnedFiles(claimOutputFolder(dir), files({ "plan.json": "old", "manifests/001-a.yaml": "a", "manifests/002-b.yaml": "b" }));
    writeFileSync(join(dir, "manifests", "important.yaml"), "mine");
    writeOwnedFiles(claimOutputFolder(dir), files({ "plan.json": "new", "manifests/001-a.yaml": "a2" }));
    expect(readFileSync(join(dir, "plan.json"), "utf8")).toBe("new");
    expect(readFileSync(join(dir, "manifests", "001-a.yaml"), "utf8")).toBe("a2");
    expect(existsSync(join(dir, "manifests", "002-b.yaml"))).toBe(false);
    expect(readFileSync(join(dir, "manifests", "important.yaml"), "utf8")).toBe("mine");
  });

  it("refuses a non-empty folder it did not write, naming what is there, and touches nothing", () => {
    const dir = freshDir();
    mkdirSync(join(dir, "manifests"));
    writeFileSync(join(dir, "manifests", "important.yaml"), "mine");
    const error = errorOf(() => claimOutputFolder(dir));
    expect(error.field).toBe("--out");
    expect(error.message).toContain("already holds files the preview did not write (manifests)");
    expect(error.fix).toMatch(/new or empty folder/);
    expect(readFileSync(join(dir, "manifests", "important.yaml"), "utf8")).toBe("mine");
  });

  it("refuses to overwrite a user's file that sits where it would write, before writing anything", () => {
    const dir = freshDir();
    writeOwnedFiles(claimOutputFolder(dir), files({ "plan.json": "old" }));
    writeFileSync(join(dir, "charts.yaml"), "mine");
    const folder = claimOutputFolder(dir);
    expect(errorOf(() => writeOwnedFiles(folder, files({ "plan.json": "new", "charts.yaml": "charts" }))).reason).toContain("charts.yaml is there and the preview did not write it");
    expect(readFileSync(join(dir, "charts.yaml"), "utf8")).toBe("mine");
    expect(readFileSync(join(dir, "plan.json"), "utf8")).toBe("old");
  });

  it("never deletes outside the folder, whatever its record says", () => {
    const parent = freshDir();
    const dir = join(parent, "out");
    writeFileSync(join(parent, "precious.txt"), "mine");
    mkdirSync(dir);
    writeFileSync(join(dir, OWNERSHIP_FILE), JSON.stringify({ writtenBy: "llmfleet preview", files: ["../precious.txt", join(parent, "precious.txt")] }));
    writeOwnedFiles(claimOutputFolder(dir), files({ "plan.json": "{}" }));
    expect(readFileSync(join(parent, "precious.txt"), "utf8")).toBe("mine");
  });

  it("refuses a folder whose record it cannot read", () => {
    const dir = freshDir();
    writeFileSync(join(dir, OWNERSHIP_FILE), "not json");
    expect(errorOf(() => claimOutputFolder(dir)).reason).toContain("is not a record the preview wrote");
  });

  it("names a path that is a file, or runs through one", () => {
    const file = join(freshDir(), "plan.json");
    writeFileSync(file, "{}");
    expect(errorOf(() => claimOutputFolder(file)).reason).toBe(`${file} is not a folder`);
    expect(errorOf(() => claimOutputFolder(join(file, "sub"))).reason).toContain("a part of the path is a file, not a folder (ENOTDIR)");
  });

  it("fails at once on a pseudo file system where folders cannot be created", () => {
    expect(errorOf(() => claimOutputFolder("/proc/llmfleet-preview")).reason).toContain("cannot be created");
  });
});
