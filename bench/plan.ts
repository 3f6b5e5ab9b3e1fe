import { execFileSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { resolveGpu } from "../src/gpu/index.js";
import { resolveModel } from "../src/model/index.js";
import { planDeployment } from "../src/planner/index.js";

/** Median and p95 of `runs` timings of `work`, in milliseconds. */
export function measure(runs: number, work: () => void): { medianMs: number; p95Ms: number } {
  const timings: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    work();
    timings.push(performance.now() - start);
  }
  timings.sort((a, b) => a - b);
  const at = (q: number): number => timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] ?? NaN;
  return { medianMs: at(0.5), p95Ms: at(0.95) };
}

const CASES = [
  { label: "qwen2.5-7b on A10 (1 GPU)", model: "qwen2.5-7b-instruct", gpu: "A10", maxModelLen: 8192 },
  { label: "qwen2.5-72b on L20 (TP 4)", model: "qwen2.5-72b-instruct", gpu: "L20", maxModelLen: 32768 },
  { label: "deepseek-v3 on L20 (multi-node)", model: "deepseek-v3", gpu: "L20", maxModelLen: 16384 },
];

/** Planner latency in-process, and `llmfleet plan` wall time as a user sees it (built CLI). */
export function benchPlan(): string[] {
  const lines = ["plan latency (in-process, 200 runs each)"];
  for (const c of CASES) {
    const model = resolveModel(c.model);
    const gpu = resolveGpu(c.gpu);
    const { medianMs, p95Ms } = measure(200, () => {
      planDeployment({ model, gpu, engine: "vllm", dtype: "auto", kvCacheDtype: "auto", maxModelLen: c.maxModelLen });
    });
    lines.push(`  ${c.label.padEnd(34)} median ${medianMs.toFixed(3)} ms   p95 ${p95Ms.toFixed(3)} ms`);
  }
  const cli = measure(10, () => {
    execFileSync(process.execPath, ["bin/llmfleet.js", "plan", "--model", "qwen2.5-72b-instruct", "--gpu", "L20", "--json"], { stdio: "ignore" });
  });
  lines.push(`llmfleet plan end to end (node start-up included, 10 runs): median ${cli.medianMs.toFixed(0)} ms   p95 ${cli.p95Ms.toFixed(0)} ms`);
  return lines;
}
