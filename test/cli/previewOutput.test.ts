import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/runCli.js";

const dir = mkdtempSync(join(tmpdir(), "llmfleet-out-cli-"));

/** One `error:` line and nothing else: no stack trace, no second line. */
function expectOneErrorLine(stderr: string): void {
  expect(stderr).toMatch(/^error: [^\n]+\n$/);
}

describe("llmfleet preview --out", () => {
  it("refuses, exit 2, a folder holding a file it did not write, and leaves the file alone", () => {
    const out = join(dir, "gitops");
    mkdirSync(join(out, "manifests"), { recursive: true });
    writeFileSync(join(out, "manifests", "important.yaml"), "kind: ConfigMap\n");
    const run = runCli(["preview", "--stack", "dev", "--out", out]);
    expect(run.code).toBe(2);
    expectOneErrorLine(run.stderr);
    expect(run.stderr).toContain(`--out = ${JSON.stringify(out)}: the folder already holds files the preview did not write`);
    expect(readFileSync(join(out, "manifests", "important.yaml"), "utf8")).toBe("kind: ConfigMap\n");
  });

  it("names an existing file given as the folder in one error line, exit 2", () => {
    const file = join(dir, "notes.txt");
    writeFileSync(file, "mine");
    const run = runCli(["preview", "--stack", "dev", "--out", file]);
    expect(run.code).toBe(2);
    expectOneErrorLine(run.stderr);
    expect(run.stderr).toContain("is not a folder");
    expect(readFileSync(file, "utf8")).toBe("mine");
  });

  it("ends with exit 2 and one error line for a folder on /proc, checked before the stack runs", () => {
    // The stack's own error would be reported if the stack ran first.
    const stack = join(dir, "Pulumi.broken.yaml");
    writeFileSync(stack, "config:\n  llmfleet:fleet:\n    environment: qa\n");
    const run = runCli(["preview", "--config-file", stack, "--out", "/proc/llmfleet-nope"]);
    expect(run.code).toBe(2);
    expectOneErrorLine(run.stderr);
    expect(run.stderr).toContain('--out = "/proc/llmfleet-nope": the folder /proc/llmfleet-nope cannot be created');
  });
});

describe("a closed standard output", () => {
  it("ends the command quietly, as `llmfleet plan --json | head -1` expects", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/cli.ts", "plan", "--model", "qwen3-8b", "--gpu", "A10", "--json"]);
    // The reader goes away before the command writes anything.
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(stderr).toBe("");
    expect(code).toBe(0);
  });
});
