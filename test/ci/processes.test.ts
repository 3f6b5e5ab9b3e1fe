import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

/** A harmless long-running process whose command name is `name` (a copy of sleep). */
function startNamed(name: string): ChildProcess {
  const dir = mkdtempSync(join(tmpdir(), "llmfleet-ci-"));
  const binary = join(dir, name);
  copyFileSync("/bin/sleep", binary);
  return spawn(binary, ["300"], { stdio: "ignore" });
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => (isRunning(child) ? child.once("exit", () => resolve()) : resolve()));
}

/** Waits until `pids_named` lists the child (its exec may lag the spawn). */
async function listed(name: string, child: ChildProcess): Promise<void> {
  while (!bash(`pids_named ${name}`).split("\n").includes(String(child.pid))) await new Promise((resolve) => setImmediate(resolve));
}

function bash(script: string, env: Record<string, string> = {}): string {
  const result = spawnSync("bash", ["-c", `. .ci/processes.sh; ${script}`], { encoding: "utf8", env: { ...process.env, ...env } });
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

const started: ChildProcess[] = [];
afterEach(() => {
  for (const child of started.splice(0)) if (isRunning(child)) child.kill();
});

describe(".ci/run stops only processes it started", () => {
  it("stops a server started after it looked, by pid, and leaves one that ran before alone", async () => {
    // Command names are at most 15 characters, as pgrep -x compares them.
    const name = `lfci${process.pid % 100000}`;
    const earlier = startNamed(name);
    started.push(earlier);
    await listed(name, earlier);
    const before = bash(`pids_named ${name}`);
    expect(before.trim()).toBe(String(earlier.pid));
    const later = startNamed(name);
    started.push(later);
    await listed(name, later);
    bash(`stop_started_since ${name} "$BEFORE"`, { BEFORE: before });
    await exited(later);
    expect(isRunning(later)).toBe(false);
    expect(isRunning(earlier)).toBe(true);
  });

  it("has no kill by name left", () => {
    const script = readFileSync(".ci/run", "utf8") + readFileSync(".ci/processes.sh", "utf8");
    expect(script).not.toMatch(/\b(pkill|killall)\b/);
  });
});
