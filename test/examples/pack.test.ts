import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const EXAMPLE = "examples/custom-stack";
const project = mkdtempSync(join(tmpdir(), "llmfleet-consumer-"));

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });
}

/**
 * Packs llmfleet as npm would publish it (the dist/ that `npm ci` built through prepare), installs
 * the tarball into a copy of the example project, and builds that project.
 */
beforeAll(() => {
  expect(existsSync("dist/index.js"), "dist/ is missing: run npm run build").toBe(true);
  const tarball = run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", project], process.cwd()).trim().split("\n").pop() ?? "";
  for (const file of ["index.ts", "tsconfig.json", "Pulumi.yaml"]) copyFileSync(join(EXAMPLE, file), join(project, file));
  copyFileSync("test/examples/runUnderMocks.mjs", join(project, "runUnderMocks.mjs"));
  const manifest = JSON.parse(readFileSync(join(EXAMPLE, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  manifest.dependencies["llmfleet"] = `file:${resolve(project, tarball)}`;
  writeFileSync(join(project, "package.json"), JSON.stringify(manifest, null, 2));
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], project);
}, 900_000);

describe("llmfleet installed from its tarball into another project", () => {
  it("ships built JavaScript, type declarations and the stack files, and no tests", () => {
    const installed = join(project, "node_modules", "llmfleet");
    expect(existsSync(join(installed, "dist", "index.js"))).toBe(true);
    expect(existsSync(join(installed, "dist", "index.d.ts"))).toBe(true);
    expect(existsSync(join(installed, "stacks", "Pulumi.dev.yaml"))).toBe(true);
    expect(existsSync(join(installed, "test"))).toBe(false);
  });

  it("type-checks and builds a program that imports llmfleet by package name", () => {
    expect(() => run("npx", ["tsc", "-p", "."], project)).not.toThrow();
    expect(existsSync(join(project, "dist", "index.js"))).toBe(true);
  });

  it("runs that program under Pulumi's mocks", () => {
    const output = JSON.parse(run("node", ["runUnderMocks.mjs"], project)) as { types: string[]; plan: { tensorParallel: number; gpus: number; instanceType: string } };
    expect(output.types).toEqual(expect.arrayContaining(["llmfleet:index:AckCluster", "llmfleet:index:GpuNodePool", "llmfleet:index:InferenceDeployment", "kubernetes:apps/v1:Deployment", "llmfleet:index:Monitoring"]));
    expect(output.plan).toMatchObject({ tensorParallel: 2, gpus: 2, instanceType: "ecs.gn8is-2x.8xlarge" });
  });

  it("gives the installed CLI", () => {
    expect(run(join(project, "node_modules", ".bin", "llmfleet"), ["plan", "--model", "qwen3-8b", "--gpu", "L20", "--json"], project)).toContain('"tensorParallel": 1');
  });
});
