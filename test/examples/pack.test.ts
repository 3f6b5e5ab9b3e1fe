import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, lstatSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const EXAMPLE = "examples/custom-stack";
const EXAMPLE_FILES = ["index.ts", "tsconfig.json", "Pulumi.yaml", "offline.mjs"];

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 600_000 });
}

interface ExampleManifest {
  dependencies: Record<string, string>;
  scripts: Record<string, string>;
}

function exampleManifest(): ExampleManifest {
  return JSON.parse(readFileSync(join(EXAMPLE, "package.json"), "utf8")) as ExampleManifest;
}

/** A copy of the example project in a temporary folder, with llmfleet installed from `llmfleetSpec`. */
function installExample(prefix: string, llmfleetSpec: (project: string) => string): string {
  const project = mkdtempSync(join(tmpdir(), prefix));
  for (const file of EXAMPLE_FILES) copyFileSync(join(EXAMPLE, file), join(project, file));
  const manifest = exampleManifest();
  manifest.dependencies["llmfleet"] = llmfleetSpec(project);
  writeFileSync(join(project, "package.json"), JSON.stringify(manifest, null, 2));
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], project);
  return project;
}

interface OfflineRun {
  types: string[];
  plan: { tensorParallel: number; gpus: number; instanceType: string };
}

function expectExampleRunsOffline(project: string): void {
  const output = JSON.parse(run("npm", ["run", "--silent", "offline"], project)) as OfflineRun;
  expect(output.types).toEqual(expect.arrayContaining(["llmfleet:index:AckCluster", "llmfleet:index:GpuNodePool", "llmfleet:index:InferenceDeployment", "kubernetes:apps/v1:Deployment", "llmfleet:index:Monitoring"]));
  expect(output.plan).toMatchObject({ tensorParallel: 2, gpus: 2, instanceType: "ecs.gn8is-2x.8xlarge" });
}

describe("the example as shipped: llmfleet from the repository through a file: dependency", () => {
  let project = "";
  beforeAll(() => {
    expect(existsSync("dist/index.js"), "dist/ is missing: run npm run build").toBe(true);
    // examples/custom-stack's file:../.. is this repository; from a copy elsewhere it is spelled absolute.
    expect(resolve(EXAMPLE, exampleManifest().dependencies["llmfleet"]?.replace(/^file:/, "") ?? "")).toBe(process.cwd());
    project = installExample("llmfleet-example-", () => `file:${process.cwd()}`);
  }, 900_000);

  it("links the repository instead of fetching a package named llmfleet from the registry", () => {
    expect(lstatSync(join(project, "node_modules", "llmfleet")).isSymbolicLink()).toBe(true);
  });

  it("builds and runs offline with npm run offline (the exported runUnderMocks)", () => {
    expectExampleRunsOffline(project);
  });
});

describe("llmfleet installed from its tarball into another project", () => {
  let project = "";
  let files: string[] = [];
  /**
   * Packs llmfleet as npm would publish it (the dist/ that `npm ci` built through prepare), installs
   * the tarball into a copy of the example project, and builds that project.
   */
  beforeAll(() => {
    expect(existsSync("dist/index.js"), "dist/ is missing: run npm run build").toBe(true);
    const packed = JSON.parse(run("npm", ["pack", "--ignore-scripts", "--json", "--dry-run"], process.cwd())) as { files: { path: string }[] }[];
    files = packed[0]?.files.map((f) => f.path) ?? [];
    const packDir = mkdtempSync(join(tmpdir(), "llmfleet-pack-"));
    const tarball = run("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", packDir], process.cwd()).trim().split("\n").pop() ?? "";
    project = installExample("llmfleet-consumer-", () => `file:${resolve(packDir, tarball)}`);
  }, 900_000);

  it("holds the built package, the shipped stacks, the batch script and its image, the docs and the licence, and nothing else", () => {
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "Pulumi.yaml", "bin/llmfleet.js", "dist/index.js", "dist/index.d.ts", "stacks/Pulumi.dev.yaml", "docs/architecture.md", "batch/horovod_batch_infer.py", "batch/Dockerfile"]));
    const unexpected = files.filter((path) => !/^(LICENSE|README\.md|package\.json|Pulumi\.yaml|bin\/llmfleet\.js|docs\/[^/]+\.md|stacks\/Pulumi\.(dev|staging|prod|batch)\.yaml|batch\/(horovod_batch_infer\.py|Dockerfile)|dist\/.+\.(js|d\.ts|json))$/.test(path));
    expect(unexpected).toEqual([]);
    expect(files.some((path) => path.startsWith("dist/test/") || path.startsWith("test/") || path.endsWith(".map"))).toBe(false);
  });

  it("ships built JavaScript, type declarations and the stack files, and no tests", () => {
    const installed = join(project, "node_modules", "llmfleet");
    expect(existsSync(join(installed, "dist", "index.js"))).toBe(true);
    expect(existsSync(join(installed, "dist", "index.d.ts"))).toBe(true);
    expect(existsSync(join(installed, "stacks", "Pulumi.dev.yaml"))).toBe(true);
    expect(existsSync(join(installed, "test"))).toBe(false);
  });

  it("type-checks, builds and runs the program under Pulumi's mocks", () => {
    expectExampleRunsOffline(project);
  });

  it("gives the installed CLI", () => {
    expect(run(join(project, "node_modules", ".bin", "llmfleet"), ["plan", "--model", "qwen3-8b", "--gpu", "L20", "--json"], project)).toContain('"tensorParallel": 1');
  });
});
