import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LlmfleetError, LlmfleetErrors } from "../../src/errors/index.js";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { meshObjects, OPENAI_PATHS, routeMemberLabels, type ServedModelInput } from "../../src/mesh/index.js";
import { MODEL_INPUTS, SCRAPER, servedModels } from "./fixtures.js";

interface Route {
  route: { destination: { host: string; subset: string }; weight: number }[];
  timeout: string;
  retries: { attempts: number; retryOn: string; perTryTimeout?: string };
  match: { uri: { exact: string } }[];
}

function spec(object: KubernetesObject): Record<string, unknown> {
  return object.spec as Record<string, unknown>;
}

function routes(objects: KubernetesObject[]): Route[] {
  return objects.filter((object) => object.kind === "VirtualService").flatMap((object) => spec(object)["http"] as Route[]);
}

function seconds(duration: string): number {
  expect(duration).toMatch(/^\d+s$/);
  return Number(duration.slice(0, -1));
}

/** Random valid models: 1–4 versions whose weights (cut points of 0..100) sum to 100, any generation length. */
const modelArbitrary: fc.Arbitrary<ServedModelInput> = fc
  .record({
    cuts: fc.array(fc.nat(100), { maxLength: 3 }),
    maxGenerationSeconds: fc.integer({ min: 1, max: 86_400 }),
    multiNode: fc.boolean(),
    backup: fc.boolean(),
  })
  .map(({ cuts, maxGenerationSeconds, multiNode, backup }) => {
    const bounds = [0, ...cuts.sort((a, b) => a - b), 100];
    return {
      name: "m",
      deploymentName: "m-primary",
      modelLabel: "m",
      versions: bounds.slice(1).map((bound, index) => ({ name: `v${index + 1}`, weight: bound - (bounds[index] ?? 0) })),
      maxGenerationSeconds,
      multiNode,
      hosts: ["m.example.com"],
      ...(backup ? { backup: { deploymentName: "m-backup" } } : {}),
    };
  });

describe("routing invariants", () => {
  it("never retries a generation: at most one retry, only on connect-failure/refused-stream, no perTryTimeout", () => {
    fc.assert(
      fc.property(modelArbitrary, (input) => {
        for (const route of routes(meshObjects(servedModels([input]), SCRAPER))) {
          expect(route.retries.attempts).toBeLessThanOrEqual(1);
          expect(route.retries.retryOn.split(",").sort()).toEqual(["connect-failure", "refused-stream"]);
          expect(route.retries).not.toHaveProperty("perTryTimeout");
        }
      }),
    );
  });

  it("splits traffic with weights summing to 100 and a timeout at least the longest generation", () => {
    fc.assert(
      fc.property(modelArbitrary, (input) => {
        const [route] = routes(meshObjects(servedModels([input]), SCRAPER));
        expect(route?.route.reduce((sum, destination) => sum + destination.weight, 0)).toBe(100);
        expect(seconds(route?.timeout ?? "")).toBeGreaterThanOrEqual(input.maxGenerationSeconds ?? 0);
      }),
    );
  });

  it("routes only the OpenAI paths, exactly", () => {
    for (const route of routes(meshObjects(servedModels(), SCRAPER))) {
      expect(route.match.map((match) => match.uri.exact)).toEqual([...OPENAI_PATHS]);
    }
  });

  it("has no '*' host in any Gateway or VirtualService, and serves TLS through credentialName", () => {
    const objects = meshObjects(servedModels(), SCRAPER);
    const json = JSON.stringify(objects.filter((object) => ["Gateway", "VirtualService"].includes(object.kind)));
    expect(json).not.toMatch(/"\*"|"\*\./);
    const gateway = objects.find((object) => object.kind === "Gateway" && object.metadata.name === "qwen-chat-gateway");
    expect(spec(gateway as KubernetesObject)["servers"]).toContainEqual(
      expect.objectContaining({ tls: expect.objectContaining({ mode: "SIMPLE", credentialName: "qwen-tls" }) }),
    );
  });

  it("balances by least request with a bounded pool and outlier detection with an explicit maxEjectionPercent", () => {
    fc.assert(
      fc.property(modelArbitrary, (input) => {
        const rule = meshObjects(servedModels([input]), SCRAPER).find((object) => object.kind === "DestinationRule");
        const policy = spec(rule as KubernetesObject)["trafficPolicy"] as Record<string, Record<string, Record<string, unknown>>>;
        expect(policy["loadBalancer"]?.["simple"]).toBe("LEAST_REQUEST");
        expect(policy["connectionPool"]?.["tcp"]?.["maxConnections"]).toBeGreaterThan(0);
        expect(policy["connectionPool"]?.["http"]?.["http1MaxPendingRequests"]).toBeGreaterThan(0);
        expect(policy["outlierDetection"]?.["maxEjectionPercent"]).toBe(input.backup ? 100 : 50);
      }),
    );
  });

  it("puts the backup inside every weighted version's subset, behind that version's own pods", () => {
    const objects = meshObjects(servedModels(), SCRAPER);
    const rule = objects.find((object) => object.kind === "DestinationRule" && object.metadata.name === "qwen-chat");
    expect(spec(rule as KubernetesObject)["subsets"]).toEqual([
      {
        name: "v1",
        labels: { "llmfleet.io/route": "qwen-chat", "subset.llmfleet.io/v1": "true" },
        trafficPolicy: { loadBalancer: { simple: "LEAST_REQUEST", localityLbSetting: { enabled: true, failoverPriority: ["llmfleet.io/version=v1"] } } },
      },
      {
        name: "v2",
        labels: { "llmfleet.io/route": "qwen-chat", "subset.llmfleet.io/v2": "true" },
        trafficPolicy: { loadBalancer: { simple: "LEAST_REQUEST", localityLbSetting: { enabled: true, failoverPriority: ["llmfleet.io/version=v2"] } } },
      },
    ]);
    // The pods a backup deployment labels itself with (routeMemberLabels) match both subsets.
    const backupPod = { "llmfleet.io/version": "backup", ...routeMemberLabels({ route: "qwen-chat", subsets: ["v1", "v2"] }) };
    const canaryPod = { "llmfleet.io/version": "v2", ...routeMemberLabels({ route: "qwen-chat", subsets: ["v2"] }) };
    const subsets = spec(rule as KubernetesObject)["subsets"] as { name: string; labels: Record<string, string> }[];
    const members = (pod: Record<string, string>): string[] => subsets.filter((subset) => Object.entries(subset.labels).every(([key, value]) => pod[key] === value)).map((subset) => subset.name);
    expect(members(backupPod)).toEqual(["v1", "v2"]);
    expect(members(canaryPod)).toEqual(["v2"]);
    const service = objects.find((object) => object.kind === "Service" && object.metadata.name === "qwen-chat-serving");
    expect(spec(service as KubernetesObject)["selector"]).toMatchObject({ "llmfleet.io/route": "qwen-chat" });
  });

  it("has no failover priority without a backup, so a version's endpoints are all equal", () => {
    const rule = meshObjects(servedModels(), SCRAPER).find((object) => object.kind === "DestinationRule" && object.metadata.name === "deepseek");
    expect(JSON.stringify(rule)).not.toContain("failoverPriority");
  });

  it("sends multi-node traffic to the leader only", () => {
    const service = meshObjects(servedModels(), SCRAPER).find((object) => object.kind === "Service" && object.metadata.name === "deepseek-serving");
    expect(spec(service as KubernetesObject)["selector"]).toMatchObject({ "llmfleet.io/role": "leader" });
  });
});

describe("routing spec validation names the offending field", () => {
  const base = MODEL_INPUTS[1] as ServedModelInput;
  function errorOf(input: unknown): LlmfleetError {
    try {
      servedModels([input as ServedModelInput]);
    } catch (error) {
      if (error instanceof LlmfleetError) return error;
      if (error instanceof LlmfleetErrors && error.errors[0]) return error.errors[0];
    }
    throw new Error("expected a validation error");
  }

  it("rejects weights that do not sum to 100", () => {
    const error = errorOf({ ...base, versions: [{ name: "v1", weight: 60 }, { name: "v2", weight: 30 }] });
    expect(error.field).toBe("models[0].versions");
    expect(error.reason).toContain("sum to 90");
  });

  it("rejects a wildcard host", () => {
    expect(errorOf({ ...base, hosts: ["*"] }).field).toBe("models[0].hosts[0]");
    expect(errorOf({ ...base, hosts: ["*.example.com"] }).field).toBe("models[0].hosts[0]");
  });

  it("rejects a host served twice", () => {
    expect(() => servedModels([base, { ...base, name: "other" }])).toThrow(/models\[1\]\.hosts.*already served by models\[0\]/);
  });
});
