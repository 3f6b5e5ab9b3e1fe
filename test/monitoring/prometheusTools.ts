import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import type { KubernetesObject } from "../../src/k8s/index.js";

/**
 * Real Prometheus tools for the monitoring tests. They are a hard requirement, not an optional
 * extra: a missing binary fails the test with the way to install it (CI installs Debian's
 * `prometheus` package in .ci/run).
 */
export function requireTool(name: "promtool" | "prometheus"): string {
  const probe = spawnSync(name, ["--version"], { encoding: "utf8" });
  if (probe.error !== undefined || probe.status !== 0) {
    throw new Error(`${name} is not on PATH: install it with \`apt-get install -y prometheus\` (Debian; .ci/run does this in CI)`);
  }
  return name;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `llmfleet-${prefix}-`));
}

/** Writes a PrometheusRule's groups as a plain Prometheus rule file. */
export function writeRuleFile(dir: string, rule: KubernetesObject): string {
  const path = join(dir, "rules.yaml");
  writeFileSync(path, stringify(rule.spec));
  return path;
}

export interface PromtoolResult {
  readonly status: number | null;
  readonly output: string;
}

export function promtool(args: string[], cwd: string): PromtoolResult {
  const result = spawnSync(requireTool("promtool"), args, { cwd, encoding: "utf8", timeout: 30_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}

export interface PrometheusServer {
  readonly url: string;
  query(expr: string): Promise<QueryResponse>;
  stop(): Promise<void>;
}

export interface QueryResponse {
  readonly status: string;
  readonly error?: string;
  readonly data?: { readonly resultType: string; readonly result: readonly { readonly metric: Readonly<Record<string, string>>; readonly value: readonly [number, string] }[] };
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

/** One scrape job: its targets with their labels (what relabelling gives them in a cluster). */
export interface ScrapeJob {
  readonly name: string;
  /** Keep the series' own `namespace`, `pod`, … (kube-state-metrics, DCGM) instead of the target's. */
  readonly honorLabels: boolean;
  readonly targets: readonly { readonly address: string; readonly labels: Readonly<Record<string, string>> }[];
}

/** Starts `prometheus` on 127.0.0.1 scraping every job's targets every second, with `ruleFile` loaded. */
export async function startPrometheus(jobs: readonly ScrapeJob[], ruleFile: string): Promise<PrometheusServer> {
  const dir = tempDir("prometheus");
  const port = await freePort();
  const config = {
    global: { scrape_interval: "1s", evaluation_interval: "1s" },
    rule_files: [ruleFile],
    scrape_configs: jobs.map((job) => ({
      job_name: job.name,
      honor_labels: job.honorLabels,
      static_configs: job.targets.map((target) => ({ targets: [target.address], labels: target.labels })),
    })),
  };
  writeFileSync(join(dir, "prometheus.yml"), stringify(config));
  let log = "";
  const child: ChildProcess = spawn(
    requireTool("prometheus"),
    [`--config.file=${join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const query = async (expr: string): Promise<QueryResponse> => {
    const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: expr })}`);
    return (await response.json()) as QueryResponse;
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGTERM");
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (child.exitCode === null) child.kill("SIGKILL");
  };
  try {
    await waitFor("Prometheus to become ready", 20_000, async () => (await fetch(`${url}/-/ready`)).ok);
  } catch (error) {
    await stop();
    throw new Error(`${String(error)}\n${log.slice(-2_000)}`);
  }
  return { url, query, stop };
}

export { waitFor };
