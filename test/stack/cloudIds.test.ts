import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { LlmfleetError, LlmfleetErrors } from "../../src/errors/index.js";
import { parseFleetConfig, regionConflict } from "../../src/stack/index.js";
import { runCli } from "../support/runCli.js";

type Document = { config: Record<string, unknown> & { "llmfleet:fleet": Record<string, unknown> } };

function devStack(): Document {
  return parse(readFileSync("stacks/Pulumi.dev.yaml", "utf8")) as Document;
}

function existingCluster(cluster: Record<string, unknown>): Record<string, unknown> {
  return { ...devStack().config["llmfleet:fleet"], cluster: { mode: "existing", clusterId: "c82e6987e2961451182edacd74faf2b2a", nodeVswitchIds: ["vsw-bp1aaa", "vsw-bp1bbb"], ...cluster } };
}

function problemsOf(fleet: unknown): LlmfleetError[] {
  try {
    parseFleetConfig(fleet);
  } catch (error) {
    if (error instanceof LlmfleetError) return [error];
    if (error instanceof LlmfleetErrors) return [...error.errors];
    throw error;
  }
  return [];
}

describe("cloud identifiers in a stack", () => {
  it('refuses clusterId "my cluster!", naming the key and where to find the real id', () => {
    const [problem, ...others] = problemsOf(existingCluster({ clusterId: "my cluster!" }));
    expect(others).toEqual([]);
    expect(problem?.message).toBe(
      "llmfleet:fleet.cluster.clusterId = \"my cluster!\": is not an ACK cluster id, which is 'c' followed by lower-case letters and digits. " +
        "Fix: copy the cluster id from the ACK console (cluster details) or 'aliyun cs GET /clusters', e.g. c82e6987e2961451182edacd74faf2b2a",
    );
  });

  it("refuses a vSwitch id that is not one, and a zone outside the fleet's region", () => {
    expect(problemsOf(existingCluster({ nodeVswitchIds: ["vsw-bp1aaa", "subnet-1"] })).map((p) => p.field)).toEqual(["llmfleet:fleet.cluster.nodeVswitchIds[1]"]);
    const fleet = { ...devStack().config["llmfleet:fleet"], cluster: { mode: "new", zones: ["cn-hangzhou-h", "cn-shanghai-l"] } };
    expect(problemsOf(fleet).map((p) => `${p.field}: ${p.reason}`)).toEqual(["llmfleet:fleet.cluster.zones[1]: is not a zone of the fleet's region cn-hangzhou"]);
  });

  it("accepts the shipped stacks and a well-formed existing cluster", () => {
    for (const stack of ["dev", "staging", "prod", "batch"]) {
      const document = parse(readFileSync(`stacks/Pulumi.${stack}.yaml`, "utf8")) as Document;
      expect(problemsOf(document.config["llmfleet:fleet"]), stack).toEqual([]);
    }
    expect(problemsOf(existingCluster({}))).toEqual([]);
  });
});

describe("alicloud:region beside llmfleet:fleet.region", () => {
  it("is refused when the two differ, and fine when they agree or alicloud:region is absent", () => {
    expect(regionConflict("cn-hangzhou", true, "cn-shanghai")?.message).toBe(
      'alicloud:region = "cn-shanghai": differs from llmfleet:fleet.region (cn-hangzhou), where llmfleet creates every resource. ' +
        "Fix: set llmfleet:fleet.region: cn-shanghai if the fleet belongs there, else set alicloud:region to cn-hangzhou or remove it",
    );
    expect(regionConflict("cn-hangzhou", false, "cn-shanghai")?.reason).toContain("(cn-hangzhou, the default)");
    expect(regionConflict("cn-hangzhou", true, "cn-hangzhou")).toBeUndefined();
    expect(regionConflict("cn-hangzhou", true, undefined)).toBeUndefined();
  });

  it("stops the offline preview with exit 2 and that one error", () => {
    const document = devStack();
    document.config["alicloud:region"] = "cn-shanghai";
    const dir = mkdtempSync(join(tmpdir(), "llmfleet-region-"));
    const path = join(dir, "Pulumi.region.yaml");
    writeFileSync(path, stringify(document));
    const run = runCli(["preview", "--config-file", path, "--out", join(dir, "out")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'error: alicloud:region = "cn-shanghai": differs from llmfleet:fleet.region (cn-hangzhou), where llmfleet creates every resource. ' +
        "Fix: set llmfleet:fleet.region: cn-shanghai if the fleet belongs there, else set alicloud:region to cn-hangzhou or remove it\n",
    );
  });
});
