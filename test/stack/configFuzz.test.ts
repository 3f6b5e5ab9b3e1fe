import { readFileSync } from "node:fs";
import fc from "fast-check";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { errorsOf } from "../../src/errors/index.js";
import { parseFleet, planFleet } from "../../src/stack/index.js";

/**
 * Mutated shipped stacks never crash the configuration checks: every outcome is a valid fleet or
 * llmfleet errors, each naming a key under llmfleet:fleet with a reason and a fix in words — never
 * a stack trace, an internal name or the validator's vocabulary.
 */
const STACKS = ["dev", "staging", "prod", "batch"] as const;

function fleetOf(stack: string): Record<string, unknown> {
  const document = parse(readFileSync(`stacks/Pulumi.${stack}.yaml`, "utf8")) as { config: Record<string, Record<string, unknown>> };
  return document.config["llmfleet:fleet"] ?? {};
}

type Path = readonly (string | number)[];

/** Every path to a value in the document. */
function paths(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((item, index) => paths(item, [...prefix, index]))];
  if (value !== null && typeof value === "object") return [prefix, ...Object.entries(value).flatMap(([key, item]) => paths(item, [...prefix, key]))];
  return [prefix];
}

type Mutation = { kind: "delete" } | { kind: "set"; value: unknown } | { kind: "rename"; to: string };

function mutate(document: unknown, path: Path, mutation: Mutation): unknown {
  const copy = structuredClone(document) as Record<string | number, unknown>;
  if (path.length === 0) return mutation.kind === "set" ? mutation.value : copy;
  let parent: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] ?? "";
  if (mutation.kind === "delete") {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (mutation.kind === "set") {
    parent[last] = mutation.value;
  } else if (!Array.isArray(parent)) {
    parent[mutation.to] = parent[last];
    delete parent[last];
  }
  return copy;
}

const INTERNAL_WORDS = /Invalid (input|option)|expected (int|number|string|one of|object|array|boolean)|received|regex|zod|Zod|undefined|\[object|TypeError|models\[0\]|engineOptions\b(?!\.)|modelCacheDiskGiB|volume\.subPath/;

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: "delete" }),
  fc.constantFrom("", "x", "L20", "A1O", "vlm", "-5", "../etc", "*.example.com", "Bad Name!", "0").map((value): Mutation => ({ kind: "set", value })),
  fc.constantFrom(0, -1, 1.5, 3, 10_000_000, true, null, [], {}).map((value): Mutation => ({ kind: "set", value })),
  fc.constantFrom("nodePool", "deployment", "max_model_len", "tensor", "replica", "Name").map((to): Mutation => ({ kind: "rename", to })),
);

describe("mutated shipped stacks", () => {
  for (const stack of STACKS) {
    it(`${stack}: every mutation gives a fleet or errors in words at the user's keys`, () => {
      const original = fleetOf(stack);
      const candidates = paths(original);
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.constantFrom(...candidates), mutation), { minLength: 1, maxLength: 3 }), (changes) => {
          const document = changes.reduce<unknown>((current, [path, change]) => {
            try {
              return mutate(current, path, change);
            } catch {
              return current; // the path no longer exists after an earlier change
            }
          }, original);
          try {
            const parsed = parseFleet(document);
            planFleet(parsed.config, parsed.locate);
          } catch (error) {
            const errors = errorsOf(error);
            // Anything that is not an llmfleet error is a crash the user would see as a stack trace.
            expect(errors.length, String(error)).toBeGreaterThan(0);
            for (const found of errors) {
              expect(found.field).toMatch(/^llmfleet:fleet(\.|\[|$)/);
              expect(found.reason.length).toBeGreaterThan(0);
              expect(found.fix.length).toBeGreaterThan(0);
              expect(found.message).not.toMatch(INTERNAL_WORDS);
            }
          }
        }),
        { numRuns: 120, seed: 20261201 },
      );
    });
  }
});
