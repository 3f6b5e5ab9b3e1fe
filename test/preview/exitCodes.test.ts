import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { runCli } from "../support/runCli.js";

const dir = mkdtempSync(join(tmpdir(), "llmfleet-exit-"));

/** The dev stack's file with `edit` applied to its fleet, written to a temporary config file. */
function variant(name: string, edit: (fleet: Record<string, unknown>) => void): string {
  const document = parse(readFileSync("stacks/Pulumi.dev.yaml", "utf8")) as { config: Record<string, Record<string, unknown>> };
  const fleet = document.config["llmfleet:fleet"];
  if (fleet === undefined) throw new Error("no fleet in the dev stack");
  edit(fleet);
  const path = join(dir, `Pulumi.${name}.yaml`);
  writeFileSync(path, stringify(document));
  return path;
}

describe("llmfleet preview exit status", () => {
  it("is 2 with one readable line for an invalid configuration", () => {
    const path = variant("typo", (fleet) => {
      fleet["nodePools"] = [{ name: "a10", gpu: "ecs.gn7i-c8g1.2xlarge", spot: "yes" }];
    });
    const run = runCli(["preview", "--config-file", path, "--out", join(dir, "typo")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: llmfleet:fleet\.nodePools\[0\]\.spot = "yes": must be true or false, not text\. Fix: write true or false/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("is 2 with the component's own error, fix included once, when a component refuses its arguments", () => {
    const path = variant("blade", (fleet) => {
      // A two-GPU A10 node holds BladeLLM's 1.7 × footprint; the deployment names no image, which only the component checks.
      fleet["nodePools"] = [{ name: "a10", gpu: "A10", spot: true }];
      const [deployment] = fleet["deployments"] as Record<string, unknown>[];
      if (deployment !== undefined) deployment["engine"] = "bladellm";
    });
    const run = runCli(["preview", "--config-file", path, "--out", join(dir, "blade")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: llmfleet:fleet\.deployments\[0\]\.image = \(missing\): .*BladeLLM/);
    expect(run.stderr.match(/Fix:/g)).toHaveLength(1);
  });

  it("is 2 for an unknown stack, naming the stacks there are", () => {
    const run = runCli(["preview", "--stack", "qa"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: --stack = \"qa\": no stacks/Pulumi.qa.yaml was found. Fix: use one of batch, dev, prod, staging");
  });

  it("is 1 on a mandatory policy violation: prod enforcement on a gateway without TLS", () => {
    const path = variant("plainhttp", (fleet) => {
      fleet["environment"] = "prod";
      fleet["nodePools"] = [{ name: "a10", gpu: "ecs.gn7i-c8g1.2xlarge" }];
    });
    const run = runCli(["preview", "--config-file", path, "--out", join(dir, "plainhttp")]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\[mandatory\] gateway-hosts .*serves plain HTTP/);
  });

  it("is 0 for the prod stack, whose multi-node model is a LeaderWorkerSet", () => {
    const out = join(dir, "prod");
    const run = runCli(["preview", "--stack", "prod", "--out", out, "--json"]);
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as { plans: Record<string, { nodes: number }>; resources: { inputs: Record<string, unknown> }[] };
    expect(plan.plans["deepseek-v3"]?.nodes).toBeGreaterThan(1);
    expect(plan.resources.some((r) => r.inputs["kind"] === "LeaderWorkerSet")).toBe(true);
  });
});
