import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generatedStackYaml } from "./generatedStack.js";

interface PreviewRun {
  seconds: number;
  peakRssMiB: number;
  resources: number;
  objects: number;
}

/** Each preview in a fresh process: Pulumi's runtime state is per process, and so is peak memory. */
function previewOnce(args: string[]): PreviewRun {
  const out = execFileSync(process.execPath, ["--import", "tsx", "bench/previewOnce.ts", ...args], { encoding: "utf8", maxBuffer: 1 << 24 });
  return JSON.parse(out.trim().split("\n").pop() ?? "{}") as PreviewRun;
}

function row(label: string, run: PreviewRun): string {
  return `  ${label.padEnd(28)} ${run.seconds.toFixed(2).padStart(7)} s  ${run.peakRssMiB.toFixed(0).padStart(6)} MiB peak  ${String(run.resources).padStart(5)} resources  ${String(run.objects).padStart(5)} objects`;
}

/** Offline preview time and peak memory: the prod stack, and generated stacks of growing size. */
export function benchPreview(): string[] {
  const lines = ["offline preview (fresh process each; time includes loading Pulumi and the providers' SDKs)", row("prod stack", previewOnce(["--stack", "prod"]))];
  const dir = mkdtempSync(join(tmpdir(), "llmfleet-bench-stacks-"));
  const runs: [number, PreviewRun][] = [];
  for (const count of [1, 10, 25, 50, 100]) {
    const path = join(dir, `Pulumi.bench-${count}.yaml`);
    writeFileSync(path, generatedStackYaml(count));
    const run = previewOnce(["--config-file", path]);
    runs.push([count, run]);
    lines.push(row(`generated, ${count} deployments`, run));
  }
  const [first, last] = [runs[0], runs[runs.length - 1]];
  if (first !== undefined && last !== undefined) {
    const perDeployment = (last[1].seconds - first[1].seconds) / (last[0] - first[0]);
    const memoryPerDeployment = (last[1].peakRssMiB - first[1].peakRssMiB) / (last[0] - first[0]);
    lines.push(`  growth: ${(perDeployment * 1000).toFixed(0)} ms and ${memoryPerDeployment.toFixed(1)} MiB per added deployment (1 → ${last[0]})`);
  }
  return lines;
}
