/**
 * A runner for users' own tests: a Pulumi program built from llmfleet's components, run in-process
 * under llmfleet's recording mock engine, with what it registered returned for assertions.
 */
import * as pulumi from "@pulumi/pulumi";
import { settle, startMockSession, type RecordedResource } from "./recorder.js";

export interface MockRunOptions {
  /** Pulumi project name (`pulumi.getProject()`, the config namespace of `new pulumi.Config()`). Default `project`. */
  readonly project?: string;
  /** Stack name (`pulumi.getStack()`). Default `test`. */
  readonly stack?: string;
  /** Stack configuration, `namespace:key` → value; non-string values are passed as JSON, as Pulumi does. */
  readonly config?: Readonly<Record<string, unknown>>;
}

export interface MockRun<T> {
  /** Every resource the program registered, in registration order, secrets redacted in `inputs`. */
  readonly resources: readonly RecordedResource[];
  /** What `program` returned, e.g. the module namespace of `() => import("./index.js")`: its exports. */
  readonly result: T;
}

/**
 * Runs `program` under mocks (no cloud credentials, no Pulumi CLI, no plugins) and waits until every
 * resource it created is registered. Pulumi's runtime is per process: run one program per process
 * (vitest's `pool: "forks"` gives each test file its own).
 *
 * @example
 * const { resources, result } = await runUnderMocks(() => import("./index.js"), { config: { "project:clusterId": "c123…" } });
 * expect(resources.map((r) => r.type)).toContain("kubernetes:apps/v1:Deployment");
 */
export async function runUnderMocks<T>(program: () => T | Promise<T>, options: MockRunOptions = {}): Promise<MockRun<T>> {
  const session = startMockSession(options.project ?? "project", options.stack ?? "test");
  const config = Object.entries(options.config ?? {}).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]);
  pulumi.runtime.setAllConfig(Object.fromEntries(config));
  const result = await program();
  await settle();
  return { resources: session.resources, result };
}
