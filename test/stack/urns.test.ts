import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { previewStack } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";

/**
 * A changed URN makes the next `pulumi up` delete the old resource and create a new one: for a
 * cluster, a GPU pool or a bucket that is an outage. The URNs every shipped stack had when it was
 * first released are kept in fixtures; each must still be registered, or be an alias of a resource
 * that is (`aliases` on the resource that was renamed or re-typed).
 */
const STACKS = ["dev", "staging", "prod", "batch"] as const;

function shippedUrns(stack: string): string[] {
  return JSON.parse(readFileSync(new URL(`fixtures/urns.${stack}.json`, import.meta.url), "utf8")) as string[];
}

describe("shipped stacks keep their resource URNs", () => {
  for (const stack of STACKS) {
    it(`${stack}: every released URN is still registered or aliased`, async () => {
      const preview = await previewStack(loadStackFile({ stack }));
      const kept = new Set(preview.resources.flatMap((resource) => [resource.urn, ...resource.aliasUrns]));
      expect(shippedUrns(stack).filter((urn) => !kept.has(urn))).toEqual([]);
    });
  }
});
