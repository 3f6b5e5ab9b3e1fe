import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/** python3 is a hard requirement of these tests: a missing interpreter fails them with the way to install it. */
function python3(args: string[]): { status: number | null; output: string } {
  const result = spawnSync("python3", args, { encoding: "utf8", timeout: 60_000 });
  if (result.error !== undefined) throw new Error(`python3 is not on PATH (${result.error.message}): install it with \`apt-get install -y python3\``);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("batch/horovod_batch_infer.py", () => {
  it("compiles with python3 -m py_compile", () => {
    // -X pycache_prefix keeps the compiled file out of the package folder.
    const result = python3(["-X", `pycache_prefix=${process.env["TMPDIR"] ?? "/tmp"}/llmfleet-pycache`, "-m", "py_compile", "batch/horovod_batch_infer.py"]);
    expect(result.output).toBe("");
    expect(result.status).toBe(0);
  });

  it("shards by rank, resumes from written ids and writes part files atomically (its unit tests, without torch or Horovod)", () => {
    const result = python3(["-X", `pycache_prefix=${process.env["TMPDIR"] ?? "/tmp"}/llmfleet-pycache`, "-m", "unittest", "-v", "batch/test_horovod_batch_infer.py"]);
    expect(result.output).toMatch(/Ran 7 tests/);
    expect(result.output).toMatch(/\nOK\s*$/);
    expect(result.status).toBe(0);
  });
});
