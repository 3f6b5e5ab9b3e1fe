import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { runCli } from "../support/runCli.js";

describe("llmfleet policy-config", () => {
  it("prints the batch stack's pack configuration, its caps-drop-all exception included", () => {
    const run = runCli(["policy-config", "--stack", "batch"]);
    expect(run.code).toBe(0);
    const levels = JSON.parse(run.stdout) as Record<string, string>;
    expect(levels).toEqual(JSON.parse(readFileSync("policy/config/batch.json", "utf8")));
    expect(levels["caps-drop-all"]).toBe("advisory");
  });

  it("refuses a misspelt rule in the stack file with one line naming the key", () => {
    const document = parse(readFileSync("stacks/Pulumi.batch.yaml", "utf8")) as { config: Record<string, { policy: { enforcement: Record<string, string> } }> };
    const fleet = document.config["llmfleet:fleet"];
    if (fleet === undefined) throw new Error("no fleet");
    fleet.policy.enforcement = { "caps-drop-al": "advisory" };
    const path = join(mkdtempSync(join(tmpdir(), "llmfleet-pack-")), "Pulumi.typo.yaml");
    writeFileSync(path, stringify(document));
    const run = runCli(["policy-config", "--config-file", path]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^error: llmfleet:fleet\.policy\.enforcement\.caps-drop-al = /);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});
