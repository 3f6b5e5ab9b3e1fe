import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, type CliRun } from "../support/runCli.js";

const dir = mkdtempSync(join(tmpdir(), "llmfleet-extras-"));
const earlier = join(dir, "earlier");
let first: CliRun;
let second: CliRun;

beforeAll(() => {
  first = runCli(["preview", "--stack", "dev", "--out", earlier, "--json", "--price", "ecs.gn7i-c8g1.2xlarge=11.1"]);
  // The same stack with a second replica, compared with the first preview.
  const document = parse(readFileSync("stacks/Pulumi.dev.yaml", "utf8")) as { config: Record<string, { deployments: Record<string, unknown>[] }> };
  const deployment = document.config["llmfleet:fleet"]?.deployments[0];
  if (deployment !== undefined) deployment["replicas"] = 2;
  const stack = join(dir, "Pulumi.dev2.yaml");
  writeFileSync(stack, stringify(document));
  second = runCli(["preview", "--config-file", stack, "--out", join(dir, "later"), "--diff", earlier, "--price", "ecs.gn7i-c8g1.2xlarge=11.1", "--tokens-per-second", "1000"]);
}, 240_000);

describe("after a preview", () => {
  it("prints each endpoint with its URL, API key Secret and a sample curl", () => {
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Endpoints (after pulumi up)\n  qwen7b: http://qwen7b.dev.llmfleet.example.com/v1, model "qwen2.5-7b-instruct"\n    API key: Secret llm-serving/route-qwen7b-api-key, key api-key');
    expect(second.stdout).toMatch(/curl http:\/\/qwen7b\.dev\.llmfleet\.example\.com\/v1\/chat\/completions --resolve qwen7b\.dev\.llmfleet\.example\.com:80:\$GATEWAY -H "Authorization: Bearer \$KEY"/);
  });

  it("puts the endpoints and, with --price, the costs into plan.json", () => {
    expect(first.code).toBe(0);
    const plan = JSON.parse(first.stdout) as { endpoints: { baseUrl: string }[]; costs: { hourlyPerReplica: number; throughputSource: string }[] };
    expect(plan.endpoints.map((e) => e.baseUrl)).toEqual(["http://qwen7b.dev.llmfleet.example.com"]);
    expect(plan.costs).toMatchObject([{ hourlyPerReplica: 11.1, throughputSource: "estimate" }]);
  });

  it("with --price, states the cost per hour and per million tokens at the throughput it assumes", () => {
    expect(second.stdout).toContain("  qwen7b: 1 × ecs.gn7i-c8g1.2xlarge per replica = 11.10 per hour; 2 replicas = 22.20 per hour");
    expect(second.stdout).toContain("    1,000 tokens/s per replica (--tokens-per-second as given) → 3.08 per million tokens");
  });

  it("with --diff, lists what changed since the earlier preview's plan.json", () => {
    expect(second.stdout).toContain(`Changes since ${join(earlier, "plan.json")}`);
    expect(second.stdout).toMatch(/~ kubernetes:apps\/v1:Deployment::llmfleet-qwen7b-deployment: spec\.replicas/);
    expect(second.stdout).toMatch(/~ alicloud:cs\/nodePool:NodePool::llmfleet-a10-pool: desiredSize/);
  });

  it("refuses a --diff that is no earlier preview before running the stack", () => {
    const run = runCli(["preview", "--stack", "dev", "--out", join(dir, "never"), "--diff", join(dir, "nowhere")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: --diff = ".*nowhere": holds no plan\.json of an earlier preview .*\n$/);
  });
});
