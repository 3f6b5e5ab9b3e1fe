import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { withOfflinePlaceholders } from "../../src/preview/offlinePlaceholders.js";
import type { StackFile } from "../../src/preview/stackFile.js";
import { runCli } from "../support/runCli.js";

const dir = mkdtempSync(join(tmpdir(), "llmfleet-byo-"));

/** The dev stack moved onto an existing cluster whose kubeconfig comes from the secret config key `kubeconfig`. */
function existingClusterConfig(): Record<string, unknown> {
  const document = parse(readFileSync("stacks/Pulumi.dev.yaml", "utf8")) as { config: Record<string, Record<string, unknown>> };
  const fleet = document.config["llmfleet:fleet"] ?? {};
  fleet["cluster"] = {
    mode: "existing",
    clusterId: "c82e6987e2961451182edacd74faf2b2a",
    nodeVswitchIds: ["vsw-bp1aaa", "vsw-bp1bbb"],
    kubeconfigConfigKey: "kubeconfig",
    systemPool: { name: "default-nodepool", instanceType: "ecs.g7.2xlarge", nodes: 2 },
  };
  return document.config;
}

describe("offline preview of an existing cluster with kubeconfigConfigKey", () => {
  it("runs, exit 0, with a placeholder secret for the kubeconfig, and says so", () => {
    const path = join(dir, "Pulumi.byo.yaml");
    writeFileSync(path, stringify({ config: existingClusterConfig() }));
    const out = join(dir, "out");
    const run = runCli(["preview", "--config-file", path, "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("llmfleet:kubeconfig (the existing cluster's kubeconfig, from cluster.kubeconfigConfigKey) is not set in the stack file: a placeholder secret stands in offline");
    const plan = JSON.parse(readFileSync(join(out, "plan.json"), "utf8")) as { placeholders: string[]; resources: { type: string; inputs: Record<string, unknown> }[] };
    expect(plan.placeholders).toHaveLength(1);
    const provider = plan.resources.find((r) => r.type === "pulumi:providers:kubernetes");
    expect(provider?.inputs["kubeconfig"]).toBe("[secret]");
    expect(provider?.inputs["clusterIdentifier"]).toBe("c82e6987e2961451182edacd74faf2b2a");
  });

  it("stands in for a value `pulumi config set --secret` encrypted, which only the Pulumi CLI can decrypt", () => {
    const config = { ...existingClusterConfig(), "llmfleet:kubeconfig": { secure: "v1:Qm9ndXM=:ZW5jcnlwdGVk" } };
    const file: StackFile = { stack: "byo", path: "Pulumi.byo.yaml", config };
    const offline = withOfflinePlaceholders(file);
    expect(offline.file.config["llmfleet:kubeconfig"]).toMatch(/^apiVersion: v1\nkind: Config/);
    expect(offline.placeholders).toEqual([expect.stringContaining("llmfleet:kubeconfig (the existing cluster's kubeconfig, from cluster.kubeconfigConfigKey) is encrypted in the stack file")]);
  });

  it("keeps a kubeconfig the stack file holds in plain text, and adds nothing for a new cluster", () => {
    const config = { ...existingClusterConfig(), "llmfleet:kubeconfig": "apiVersion: v1\nkind: Config\n" };
    expect(withOfflinePlaceholders({ stack: "byo", path: "x", config }).placeholders).toEqual([]);
    const dev = parse(readFileSync("stacks/Pulumi.dev.yaml", "utf8")) as { config: Record<string, unknown> };
    expect(withOfflinePlaceholders({ stack: "dev", path: "x", config: dev.config }).placeholders).toEqual([]);
  });
});
