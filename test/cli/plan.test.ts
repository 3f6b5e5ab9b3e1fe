import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";

/** Runs the CLI in-process, capturing what it writes. */
async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

afterEach(() => vi.restoreAllMocks());

describe("llmfleet plan", () => {
  it("prints a readable table for a feasible plan and exits 0", async () => {
    const result = await run(["plan", "--model", "qwen2.5-7b-instruct", "--gpu", "a10", "--max-model-len", "8192"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/instance type\s+ecs\.gn7i-c8g1\.2xlarge/);
    expect(result.stdout).toMatch(/tensor × pipeline\s+1 × 1/);
    expect(result.stderr).toBe("");
  });

  it("prints exactly one JSON object with the fixed field names under --json", async () => {
    const result = await run(["plan", "--model", "qwen2.5-72b-instruct", "--gpu", "L20", "--max-model-len", "32768", "--json"]);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(plan)).toEqual(
      expect.arrayContaining(["model", "engine", "gpu", "instanceType", "gpusPerNode", "nodes", "tensorParallel", "pipelineParallel", "gpus", "perGpu", "kvCacheTokens", "maxConcurrency", "shmGiB", "warnings"]),
    );
    expect(Object.keys(plan["model"] as object)).toEqual(
      expect.arrayContaining(["id", "family", "parameters", "layers", "attentionHeads", "kvHeads", "headDim", "kvBytesPerToken", "weightBytes", "dtype", "maxModelLen"]),
    );
    expect(Object.keys(plan["perGpu"] as object)).toEqual(["usableGiB", "weightsGiB", "overheadGiB", "kvCacheGiB"]);
    expect(plan).toMatchObject({ tensorParallel: 4, pipelineParallel: 1, gpus: 4, gpu: { name: "L20" } });
  });

  it("exits 2 with one error line naming the flag, value, reason and fix", async () => {
    const result = await run(["plan", "--model", "qwen2.5-72b-instruct", "--gpu", "L20", "--tp", "3"]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^error: --tp = 3: the 64 attention heads do not divide by 3\. Fix: use TP \d+ × PP \d+/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("reads a Hugging Face config.json from a path", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llmfleet-"));
    const config = join(dir, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        model_type: "llama", hidden_size: 2048, intermediate_size: 8192, num_hidden_layers: 16, num_attention_heads: 32,
        num_key_value_heads: 8, vocab_size: 128256, max_position_embeddings: 8192, tie_word_embeddings: true, torch_dtype: "bfloat16",
      }),
    );
    const result = await run(["plan", "--model", config, "--gpu", "A10", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ model: { family: "llama", layers: 16, kvHeads: 8, headDim: 64 }, gpus: 1 });
  });

  it("ranks by a price file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "llmfleet-"));
    const prices = join(dir, "prices.csv");
    writeFileSync(prices, "instanceType,price\necs.gn7i-c8g1.2xlarge,30\necs.gn7i-c16g1.4xlarge,12\n");
    const result = await run(["plan", "--model", "qwen2.5-7b-instruct", "--gpu", "A10", "--max-model-len", "8192", "--prices", prices, "--json"]);
    expect(JSON.parse(result.stdout)).toMatchObject({ instanceType: "ecs.gn7i-c16g1.4xlarge" });
  });

  it.each([
    [["plan", "--gpu", "a10"], /^error: --model = \(missing\)/],
    [["plan", "--model", "qwen3-8b", "--gpu", "a10", "--bogus"], /^error: option = "--bogus": is not an option of llmfleet plan/],
    [["plan", "--model", "qwen3-8b", "--gpu", "b200"], /^error: --gpu = "b200"/],
    [["plan", "--model", "qwen3-8b", "--gpu", "a10", "--dtype", "fp4"], /^error: --dtype = "fp4"/],
    [["plan", "--model", "qwen3-8b", "--gpu", "a10", "--prices", "/nonexistent/prices.csv"], /^error: --prices = "\/nonexistent\/prices.csv": the file cannot be read/],
    [["deploy"], /^error: command = "deploy"/],
  ])("rejects %j with a clear error", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("never crashes on random flags and values: exit 0 or 2, no stack trace", async () => {
    const flag = fc.constantFrom("--model", "--gpu", "--tp", "--pp", "--max-model-len", "--dtype", "--kv-cache-dtype", "--gpu-memory-utilization", "--engine", "--price", "--json", "--x");
    const value = fc.oneof(
      fc.constantFrom("qwen3-8b", "a10", "L20", "0", "-1", "-5", "1.5", "8", "8192.5", "two", "fp8", "float16", "fp8_e5m2", "vllm", "vlm", "A1O", "ecs.gn7i-c8g1.2xlarge=abc", "x=abc", "", "NaN"),
      fc.string({ maxLength: 8 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(flag, value), { maxLength: 6 }), async (pairs) => {
        const result = await run(["plan", ...pairs.flat()]);
        expect([0, 2]).toContain(result.code);
        if (result.code === 2) expect(result.stderr).toMatch(/^error: [^\n]+ = [^\n]+\. Fix: [^\n]+\n$/);
        expect(result.stderr).not.toMatch(/\n\s+at /);
        // No validator vocabulary: what the user reads is about their flags, in words.
        expect(result.stderr).not.toMatch(/Invalid (input|option)|expected (int|number|string|one of)|received|regex|Zod|TypeError|ambiguous/);
      }),
      { numRuns: 150, seed: 7 },
    );
  });
});

/** Whether importing `module` (from dist/) loads any @pulumi package, judged by Node's module cache. */
function loadsPulumi(module: string): boolean {
  const script = `await import(${JSON.stringify(module)}); const { createRequire } = await import("node:module"); console.log(Object.keys(createRequire(import.meta.url).cache).some((k) => k.includes("@pulumi")))`;
  return execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }).trim() === "true";
}

describe("the built bin (dist/ is built by npm ci through prepare)", () => {
  it("answers --help", () => {
    expect(spawnSync(process.execPath, ["-e", "require('node:fs').accessSync('dist/src/cli/main.js')"]).status, "dist/ is missing: run npm run build").toBe(0);
    const out = execFileSync(process.execPath, ["bin/llmfleet.js", "--help"], { encoding: "utf8" });
    expect(out).toContain("llmfleet <command>");
  });

  it("does not load Pulumi for plan (the probe does see Pulumi when a module imports it)", () => {
    expect(loadsPulumi("./dist/src/preview/recorder.js")).toBe(true);
    expect(loadsPulumi("./dist/src/cli/main.js")).toBe(false);
  });
});
