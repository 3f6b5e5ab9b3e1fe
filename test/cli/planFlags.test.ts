import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";

/** Runs `llmfleet plan` in-process; returns the exit code and the one stderr line (or stdout). */
async function plan(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  const code = await main(["plan", ...args]);
  vi.restoreAllMocks();
  return { code, stdout, stderr };
}

afterEach(() => vi.restoreAllMocks());

const QWEN_ON_A10 = ["--model", "qwen3-8b", "--gpu", "A10"];

describe("llmfleet plan reads numbers in words a user understands", () => {
  it.each([
    [["--tp", "two"], 'error: --tp = "two": is not a number. Fix: give a positive whole number, e.g. --tp 2\n'],
    [["--max-model-len", "8192.5"], 'error: --max-model-len = "8192.5": is not a whole number. Fix: give a positive whole number of tokens, e.g. --max-model-len 8192\n'],
    [["--max-model-len", "-5"], 'error: --max-model-len = "-5": is negative. Fix: give a positive whole number of tokens, e.g. --max-model-len 8192\n'],
    [["--pp", "0"], 'error: --pp = "0": must be at least 1. Fix: give a positive whole number, e.g. --pp 2\n'],
    [["--max-batched-tokens", "NaN"], 'error: --max-batched-tokens = "NaN": is not a number. Fix: give a positive whole number of tokens, e.g. --max-batched-tokens 8192\n'],
    [["--gpu-memory-utilization", "1.5"], 'error: --gpu-memory-utilization = "1.5": is not a fraction greater than 0 and at most 1. Fix: give a fraction greater than 0 and at most 1, e.g. --gpu-memory-utilization 0.9\n'],
  ])("%j is refused with exit 2 and one line", async (flags, line) => {
    const result = await plan(...QWEN_ON_A10, ...flags);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(line);
  });

  it("accepts a negative-looking value after its flag instead of calling the option ambiguous", async () => {
    const result = await plan(...QWEN_ON_A10, "--tp", "-1");
    expect(result.stderr).toBe('error: --tp = "-1": is negative. Fix: give a positive whole number, e.g. --tp 2\n');
  });

  it("blames --gpu-memory-utilization, not --model, when the fraction leaves too little memory", async () => {
    const result = await plan(...QWEN_ON_A10, "--gpu-memory-utilization", "0.05");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --gpu-memory-utilization = 0\.05: gives vllm only 1\.13 GiB of each A10, too little for qwen3-8b: .*\. Fix: use 0\.9 \(the vllm default, which fits on TP 2 × PP 1\) or omit it\n$/);
  });
});

describe("llmfleet plan names the flag the user typed", () => {
  it("says plainly that --model is missing and how to give it", async () => {
    const result = await plan("--gpu", "A10");
    expect(result.stderr).toBe("error: --model = (missing): is required. Fix: name a catalogue model ('llmfleet plan --list-models') or a path to a config.json, e.g. --model qwen3-8b\n");
  });

  it("reports a bad --price entry as --price, not --prices", async () => {
    const result = await plan(...QWEN_ON_A10, "--price", "x=abc");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --price = "x=abc": not a GPU instance type llmfleet knows/);
  });

  it("refuses --prices and --price together rather than ignoring one", async () => {
    const result = await plan(...QWEN_ON_A10, "--prices", "prices.csv", "--price", "ecs.gn7i-c8g1.2xlarge=11");
    expect(result.stderr).toMatch(/^error: --price = "ecs\.gn7i-c8g1\.2xlarge=11": cannot be combined with --prices/);
  });

  it("names a flag that needs a value, and an unknown option with the nearest ones", async () => {
    expect((await plan("--gpu", "A10", "--model")).stderr).toBe("error: --model = (missing): needs a value. Fix: write --model <value>; see llmfleet plan --help for the options\n");
    expect((await plan(...QWEN_ON_A10, "--tpp", "2")).stderr).toBe(
      'error: option = "--tpp": is not an option of llmfleet plan. Fix: did you mean --tp or --pp? Otherwise see llmfleet plan --help for the options\n',
    );
  });
});

describe("llmfleet plan suggests what a typo meant", () => {
  it.each([
    [["--model", "qwen3-8b", "--gpu", "A1O"], /^error: --gpu = "A1O": .*Fix: did you mean A10, A100-40G or A100-80G\? Otherwise use a GPU model/],
    [["--model", "qwen3-8b", "--gpu", "ecs.gn7i-c8g1.2xlarg"], /Fix: did you mean ecs\.gn7i-c8g1\.2xlarge\? /],
    [["--model", "qwen3-8c", "--gpu", "A10"], /^error: --model = "qwen3-8c": not a model in the llmfleet catalogue\. Fix: did you mean qwen3-8b\? /],
    [[...QWEN_ON_A10, "--engine", "vlm"], /^error: --engine = "vlm": is not an engine llmfleet plans for\. Fix: did you mean vllm\? Otherwise use one of vllm, sglang, bladellm, horovod\n$/],
    [[...QWEN_ON_A10, "--dtype", "bf61"], /^error: --dtype = "bf61": is not a precision llmfleet plans for\. Fix: did you mean bf16 or bfloat16\? /],
  ])("%j", async (args, message) => {
    const result = await plan(...args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });
});

describe("llmfleet plan accepts vLLM's own dtype spellings", () => {
  it.each([
    ["--dtype", "float16", { model: { dtype: "fp16" } }],
    ["--dtype", "half", { model: { dtype: "fp16" } }],
    ["--dtype", "bfloat16", { model: { dtype: "bf16" } }],
    ["--kv-cache-dtype", "fp8_e5m2", { kvCacheDtype: "fp8" }],
    ["--kv-cache-dtype", "fp8_e4m3", { kvCacheDtype: "fp8" }],
  ])("%s %s", async (flag, value, expected) => {
    const result = await plan(...QWEN_ON_A10, "--max-model-len", "8192", flag, value, "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject(expected);
  });
});

describe("llmfleet plan refuses or warns as the README says", () => {
  it("exits 2 for --dtype bf16 on a T4, an explicit configuration that cannot work", async () => {
    const result = await plan("--model", "qwen2.5-7b-instruct", "--gpu", "T4", "--dtype", "bf16");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'error: --dtype = "bf16": T4 (compute capability 7.5) cannot compute in bf16, which needs compute capability ≥ 8.0. Fix: use fp16, or auto (which serves fp16 on T4), or choose an A10, A100, L20 or H20 GPU\n',
    );
  });

  it("prints the bf16 → fp16 fallback of --dtype auto on a T4 as a warning", async () => {
    const result = await plan("--model", "qwen2.5-7b-instruct", "--gpu", "T4", "--max-model-len", "4096");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("  ! qwen2.5-7b-instruct's checkpoint is bf16 and T4 (compute capability 7.5) has no bf16: serving in fp16");
  });

  it("warns that Llama-3.1-8B's default context takes a second A10, naming what one A10 holds", async () => {
    const result = await plan("--model", "llama-3.1-8b-instruct", "--gpu", "A10");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/GPUs\s+2 \(2 per node\)/);
    expect(result.stdout).toContain("one A10 holds 27,952 tokens of KV cache");
  });
});

describe("llmfleet plan --list-gpus", () => {
  it("lists every GPU model with its memory, precision support and the instance types that carry it", async () => {
    const result = await plan("--list-gpus");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("A10: 24 GB (22.5 GiB usable), 600 GB/s, compute capability 8.6, bf16 yes, fp8 no, NVLink no");
    expect(result.stdout).toContain("T4: 16 GB (15 GiB usable), 320 GB/s, compute capability 7.5, bf16 no, fp8 no, NVLink no");
    expect(result.stdout).toMatch(/^ {2}ecs\.gn7i-c8g1\.2xlarge +1 GPU +8 vCPU +30 GiB$/m);
    expect(result.stdout).toMatch(/^ {2}ecs\.gn8is-8x\.32xlarge +8 GPUs .* eRDMA$/m);
    for (const gpu of ["T4", "V100-16G", "V100-32G", "A10", "A100-40G", "A100-80G", "L20", "H20"]) expect(result.stdout).toMatch(new RegExp(`^${gpu}: `, "m"));
  });
});
