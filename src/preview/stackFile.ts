import { existsSync, readdirSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { parse } from "yaml";
import { LlmfleetError, readUserFile } from "../errors/index.js";
import { packageRoot } from "../packageInfo.js";

/** A stack's Pulumi configuration file, read and parsed. */
export interface StackFile {
  readonly stack: string;
  readonly path: string;
  /** The `config:` map (`namespace:key` → value). */
  readonly config: Record<string, unknown>;
}

const STACK_FILE = /^Pulumi\.([A-Za-z0-9_.-]+)\.ya?ml$/;

/** Folders searched for `Pulumi.<stack>.yaml`: the project in the working directory, then llmfleet's own stacks. */
function stackDirs(): string[] {
  return [resolve("stacks"), join(packageRoot(), "stacks")];
}

/** Stacks available to `--stack`. */
export function availableStacks(): string[] {
  const names = new Set<string>();
  for (const dir of stackDirs()) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir)) {
      const match = STACK_FILE.exec(file);
      if (match?.[1] !== undefined) names.add(match[1]);
    }
  }
  return [...names].sort();
}

function readStackFile(path: string, stack: string, field: string): StackFile {
  const text = readUserFile(path, field);
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    const reason = (error as Error).message.split("\n")[0] ?? "invalid YAML";
    throw new LlmfleetError(field, path, `cannot be read as YAML (${reason})`, "give a Pulumi stack configuration file with a top-level config: map");
  }
  const config = (document as { config?: unknown } | null)?.config;
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new LlmfleetError(field, path, "has no top-level config: map", "write the stack configuration under config: as in stacks/Pulumi.dev.yaml");
  }
  return { stack, path, config: config as Record<string, unknown> };
}

/** Finds and reads the configuration of `--stack NAME` or `--config-file PATH`. */
export function loadStackFile(options: { stack?: string; configFile?: string }): StackFile {
  if (options.configFile !== undefined) {
    const match = STACK_FILE.exec(basename(options.configFile));
    return readStackFile(resolve(options.configFile), options.stack ?? match?.[1] ?? "preview", "--config-file");
  }
  const stack = options.stack ?? "dev";
  for (const dir of stackDirs()) {
    for (const extension of ["yaml", "yml"]) {
      const path = join(dir, `Pulumi.${stack}.${extension}`);
      if (existsSync(path)) return readStackFile(path, stack, "--stack");
    }
  }
  throw new LlmfleetError("--stack", stack, `no stacks/Pulumi.${stack}.yaml was found`, `use one of ${availableStacks().join(", ")}, or --config-file PATH`);
}
