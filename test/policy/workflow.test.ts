import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Readonly<Record<string, unknown>>;
  readonly "working-directory"?: string;
}
interface Job {
  readonly needs?: readonly string[];
  readonly steps: readonly Step[];
  readonly strategy?: { readonly matrix: { readonly stack: readonly string[] } };
}

const workflow = parse(readFileSync(".github/workflows/preview.yml", "utf8")) as { jobs: Record<string, Job> };
const jobs = Object.entries(workflow.jobs);

describe(".github/workflows/preview.yml", () => {
  it("builds the policy pack in one job and hands it to every stack's preview", () => {
    const building = jobs.filter(([, job]) => job.steps.some((step) => step["working-directory"] === "policy" && (step.run ?? "").includes("npm run build")));
    expect(building.map(([name]) => name)).toEqual(["policy-pack"]);
    const pulumi = workflow.jobs["pulumi"];
    expect(pulumi?.needs).toContain("policy-pack");
    expect(pulumi?.steps.some((step) => step.uses?.startsWith("actions/download-artifact@") === true && step.with?.["name"] === "policy-pack")).toBe(true);
  });

  it("creates missing stacks and previews every shipped stack with its own pack configuration", () => {
    const stacks = readdirSync("stacks").flatMap((file) => /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1] ?? []).sort();
    const pulumi = workflow.jobs["pulumi"];
    expect([...(pulumi?.strategy?.matrix.stack ?? [])].sort()).toEqual(stacks);
    const preview = pulumi?.steps.find((step) => step.uses?.startsWith("pulumi/actions@") === true);
    expect(preview?.with).toMatchObject({ command: "preview", upsert: true, policyPacks: "policy", policyPackConfigs: "policy/config/${{ matrix.stack }}.json" });
  });

  it("uses the current majors of the actions it runs", () => {
    const current: Readonly<Record<string, string>> = {
      "actions/checkout": "v6",
      "actions/setup-node": "v6",
      "actions/upload-artifact": "v7",
      "actions/download-artifact": "v8",
      "pulumi/actions": "v7",
    };
    const used = jobs.flatMap(([, job]) => job.steps.flatMap((step) => (step.uses === undefined ? [] : [step.uses])));
    for (const action of used) {
      const [name = "", version] = action.split("@");
      expect(current[name], `${action} is not a known action`).toBeDefined();
      expect(version, name).toBe(current[name]);
    }
  });
});
