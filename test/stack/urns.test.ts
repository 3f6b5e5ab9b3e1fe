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

/**
 * Resources a shipped stack no longer has on purpose, each with the reason. Deleting them is the
 * intended effect of the next `pulumi up`, not a rename.
 */
const RETIRED: Readonly<Record<string, readonly { urn: string; reason: string }[]>> = {
  batch: [
    {
      urn: "urn:pulumi:batch::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:Monitoring$kubernetes:core/v1:ConfigMap::llmfleet-monitoring-configmap-monitoring-grafana-dashboard-llmfleet-serving",
      reason: "the batch stack runs Horovod only, which exports no serving metrics: its vLLM serving dashboard charted nothing",
    },
  ],
};

describe("shipped stacks keep their resource URNs", () => {
  for (const stack of STACKS) {
    it(`${stack}: every released URN is still registered or aliased`, async () => {
      const preview = await previewStack(loadStackFile({ stack }));
      const kept = new Set(preview.resources.flatMap((resource) => [resource.urn, ...resource.aliasUrns]));
      const retired = new Set((RETIRED[stack] ?? []).map((entry) => entry.urn));
      expect(shippedUrns(stack).filter((urn) => !kept.has(urn) && !retired.has(urn))).toEqual([]);
    });
  }
});
