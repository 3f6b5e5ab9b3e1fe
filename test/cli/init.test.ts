import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";
import { FLEET_CONFIG_KEY, parseFleet, parseFleetConfig, planFleet } from "../../src/stack/index.js";
import { runCli } from "../support/runCli.js";

const repository = process.cwd();

/** `llmfleet <args>` in-process with `cwd` as the working directory; returns the exit code and output. */
async function cli(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  process.chdir(cwd);
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    process.chdir(repository);
    vi.restoreAllMocks();
  }
}

afterEach(() => vi.restoreAllMocks());

function fleetOf(path: string): unknown {
  return (parse(readFileSync(path, "utf8")) as { config: Record<string, unknown> }).config[FLEET_CONFIG_KEY];
}

describe("llmfleet init", () => {
  it("scaffolds stacks/Pulumi.NAME.yaml in a new project, commented, and it previews clean with --stack NAME", async () => {
    const project = mkdtempSync(join(tmpdir(), "llmfleet-init-"));
    const init = await cli(project, ["init", "--stack", "mine"]);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    expect(init.stdout).toContain("Wrote stacks/Pulumi.mine.yaml: qwen2.5-7b-instruct on A10 (dev, new cluster).");
    expect(init.stdout).toContain("npx llmfleet preview --stack mine");
    const text = readFileSync(join(project, "stacks", "Pulumi.mine.yaml"), "utf8");
    expect(text).toContain("# Planned: 1 × ecs.gn7i-c8g1.2xlarge per replica, TP 1 × PP 1 (1 A10)");
    expect(text).toContain("# Spot instances cost less and can be reclaimed at any time; prod refuses them.");
    // The keys a user has to think about each have a comment right above them.
    const lines = text.split("\n");
    for (const key of ["environment:", "region:", "mode:", "zones:", "spot:", "kind:", "model:", "hosts:"]) {
      const at = lines.findIndex((line) => line.trimStart().startsWith(key));
      expect(lines[at - 1]?.trimStart().startsWith("#"), key).toBe(true);
    }

    const preview = await cli(project, ["preview", "--stack", "mine"]);
    expect(preview.stderr).toBe("");
    expect(preview.code).toBe(0);
    expect(preview.stdout).toContain(`Offline preview of stack mine (dev) from ${join(project, "stacks", "Pulumi.mine.yaml")}`);
    expect(preview.stdout).toMatch(/Policy: 0 mandatory/);
  });

  it("never overwrites a file: exit 2, and the file is as it was", async () => {
    const project = mkdtempSync(join(tmpdir(), "llmfleet-init-"));
    const file = join(project, "Pulumi.team.yaml");
    writeFileSync(file, "config: {}\n# mine\n");
    const result = await cli(project, ["init", "--stack", "team", "--file", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`error: --file = ${JSON.stringify(file)}: already exists. Fix: choose another --stack name or --file path (init never overwrites a file)\n`);
    expect(readFileSync(file, "utf8")).toBe("config: {}\n# mine\n");
  });

  it.each([
    ["new", "dev"],
    ["new", "staging"],
    ["new", "prod"],
    ["existing", "dev"],
    ["existing", "prod"],
  ])("writes a %s-cluster %s stack that the fleet schema accepts and the planner plans", async (cluster, environment) => {
    const project = mkdtempSync(join(tmpdir(), "llmfleet-init-"));
    const file = join(project, "Pulumi.x.yaml");
    const result = await cli(project, ["init", "--stack", "x", "--file", file, "--cluster", cluster, "--environment", environment, "--model", "qwen3-32b", "--gpu", "L20", "--max-model-len", "16384"]);
    expect(result.code).toBe(0);
    const fleet = parseFleetConfig(fleetOf(file));
    expect(fleet).toMatchObject({ environment, cluster: { mode: cluster } });
    expect(fleet.nodePools[0]?.spot).toBe(environment !== "prod");
    expect(fleet.routes[0]?.tlsCredentialName === undefined).toBe(environment === "dev");
    expect(planFleet(fleet, parseFleet(fleetOf(file)).locate).deployments.get("qwen3-32b")).toMatchObject({ tensorParallel: 2, gpu: { name: "L20" } });
    if (cluster === "existing") expect(result.stdout).toContain("replace the placeholder clusterId and nodeVswitchIds in the file before pulumi up");
  });

  it("previews an existing-cluster prod stack clean: no mandatory policy finding, exit 0", async () => {
    const project = mkdtempSync(join(tmpdir(), "llmfleet-init-"));
    const file = join(project, "Pulumi.byo.yaml");
    expect((await cli(project, ["init", "--stack", "byo", "--file", file, "--cluster", "existing", "--environment", "prod", "--cluster-id", "c82e6987e2961451182edacd74faf2b2a", "--vswitch-ids", "vsw-bp1aaa,vsw-bp1bbb"])).code).toBe(0);
    expect(fleetOf(file)).toMatchObject({ cluster: { clusterId: "c82e6987e2961451182edacd74faf2b2a", nodeVswitchIds: ["vsw-bp1aaa", "vsw-bp1bbb"] } });
    const run = runCli(["preview", "--config-file", file, "--out", join(project, "out")]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Policy: 0 mandatory/);
  });

  it.each([
    [["--model", "qwen3-8c"], 'error: --model = "qwen3-8c": is not a model in the llmfleet catalogue, which is where a stack names its models from. Fix: did you mean qwen3-8b? Otherwise use a name from llmfleet plan --list-models\n'],
    [["--region", "cn-beijing"], "error: --zones = (missing): is needed with --region cn-beijing: llmfleet knows no zones of it. Fix: give two zones of cn-beijing, e.g. --zones cn-beijing-a,cn-beijing-b as the ECS console lists them\n"],
    [["--zones", "cn-hangzhou-h,cn-shanghai-l"], /^error: --zones = "cn-shanghai-l": is not a zone of the fleet's region cn-hangzhou\./],
    [["--cluster", "existing", "--cluster-id", "my cluster!"], /^error: --cluster-id = "my cluster!": is not an ACK cluster id/],
    [["--cluster", "exisiting"], /^error: --cluster = "exisiting": is not a cluster mode\. Fix: did you mean existing\?/],
  ])("refuses %j naming the flag, and writes nothing", async (flags, message) => {
    const project = mkdtempSync(join(tmpdir(), "llmfleet-init-"));
    const result = await cli(project, ["init", "--stack", "bad", ...flags]);
    expect(result.code).toBe(2);
    if (typeof message === "string") expect(result.stderr).toBe(message);
    else expect(result.stderr).toMatch(message);
    expect(existsSync(join(project, "stacks", "Pulumi.bad.yaml"))).toBe(false);
  });
});
