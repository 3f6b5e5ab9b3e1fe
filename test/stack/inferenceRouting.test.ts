import { describe, expect, it } from "vitest";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { parseFleet, routeMembership } from "../../src/stack/index.js";
import { errorsOf, type LlmfleetError } from "../../src/errors/index.js";

function problemsOf(action: () => unknown): LlmfleetError[] {
  try {
    action();
  } catch (error) {
    return errorsOf(error);
  }
  throw new Error("expected the configuration to be refused");
}

type Fleet = Record<string, unknown> & { routes: Record<string, unknown>[]; deployments: Record<string, unknown>[] };

function shipped(stack: string): Fleet {
  return structuredClone(loadStackFile({ stack }).config["llmfleet:fleet"]) as Fleet;
}

/** routing: inference-pool is refused, with the key as written and a fix, where it cannot work: here on staging's 90/10 canary. */
function stagingOnPool(): Fleet {
  const fleet = shipped("staging");
  return { ...fleet, routes: fleet.routes.map((route) => ({ ...route, routing: "inference-pool" })) };
}

describe("routing: inference-pool on entry", () => {
  it("parses the shipped prod stack with its deepseek route on inference-pool and the default istio gateway", () => {
    const { config, warnings } = parseFleet(shipped("prod"));
    expect(config.routes.map((route) => [route.name, route.routing])).toEqual([
      ["qwen72b", undefined],
      ["deepseek", "inference-pool"],
    ]);
    expect(config.inferenceGateway).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it("refuses staging's 90/10 canary on inference-pool with Istio's gateway (one picker per HTTPRoute rule), naming the route's routing key and the fix", () => {
    const problems = problemsOf(() => parseFleet(stagingOnPool()));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.field).toBe("llmfleet:fleet.routes[0].routing");
    expect(problems[0]?.reason).toMatch(/route qwen32b splits traffic across 2 deployments.*one endpoint picker/);
    expect(problems[0]?.fix).toBe("keep routing: mesh for canary and weighted routes, or route one deployment per inference-pool route");
  });

  it("reports every problem at once, each under the key the user wrote", () => {
    const fleet = stagingOnPool();
    fleet.routes = fleet.routes.map((route) => ({ ...route, backup: "qwen32b-v2" }));
    fleet.deployments = fleet.deployments.map((deployment, index) => (index === 1 ? { ...deployment, engine: "bladellm", autoscaling: { minReplicas: 1, maxReplicas: 2, scaleToZero: true } } : deployment));
    fleet["mesh"] = { mode: "none" };
    const problems = problemsOf(() => parseFleet(fleet));
    const about = (field: string) => problems.filter((problem) => problem.field === `llmfleet:fleet.${field}` && !/share one API key|backup is also/.test(problem.reason));
    expect(about("routes[0].routing").map((p) => p.fix)).toEqual([expect.stringMatching(/inferenceGateway\.implementation: ack/), expect.stringMatching(/keep routing: mesh for canary/)]);
    expect(about("routes[0].backup").map((p) => p.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/no failover/)]));
    expect(about("deployments[1].autoscaling.scaleToZero").map((p) => p.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/inference-pool.*never wake/)]));
    expect(about("routes[0].deployments[1].name").map((p) => p.reason)).toEqual([expect.stringMatching(/engine bladellm/)]);
    // In words: no regex, zod or internal names.
    for (const problem of problems) expect(`${problem.reason} ${problem.fix}`).not.toMatch(/zod|regex|ServedModel|InferenceRoute/);
  });

  it("refuses ACK's gateway in front of an Istio mesh (STRICT mTLS would refuse it) and warns that ACK's component names are unconfirmed", () => {
    const fleet = { ...stagingOnPool(), inferenceGateway: { implementation: "ack" } };
    expect(() => parseFleet(fleet)).toThrow(/llmfleet:fleet\.inferenceGateway\.implementation.*outside the mesh.*mesh\.mode: none/s);
    const { warnings } = parseFleet({ ...fleet, mesh: { mode: "none" } });
    expect(warnings).toEqual([expect.stringMatching(/gateway-api and ack-gateway-with-inference-extension.*DescribeAddons/)]);
  });

  it("refuses an unknown routing mode naming the key and the choices", () => {
    const fleet = shipped("staging");
    fleet.routes = fleet.routes.map((route) => ({ ...route, routing: "envoy" }));
    expect(() => parseFleet(fleet)).toThrow(/llmfleet:fleet\.routes\[0\]\.routing.*mesh.*inference-pool/s);
  });
});

/**
 * Staging's two-version route on inference-pool, served by ACK's gateway (weights across pools are
 * refused on Istio, which attaches one picker per HTTPRoute rule).
 */
function staging(): Fleet {
  const fleet = shipped("staging");
  return { ...fleet, mesh: { mode: "none" }, inferenceGateway: { implementation: "ack" }, routes: fleet.routes.map((route) => ({ ...route, routing: "inference-pool" })) };
}

describe("routes[].prefixCacheRouting: precise on entry", () => {
  it("parses staging with precise routing, and the route's members are told to publish KV events", () => {
    const fleet = staging();
    fleet.routes = fleet.routes.map((route) => ({ ...route, prefixCacheRouting: "precise" }));
    const { config } = parseFleet(fleet);
    expect(config.routes[0]?.prefixCacheRouting).toBe("precise");
    expect(routeMembership(config, "qwen32b-v1")).toEqual({ route: "qwen32b", subsets: ["v1"], publishKvEvents: true, inferencePool: true });
    // Approximate (the default): served through a pool, nothing to publish.
    expect(routeMembership(parseFleet(staging()).config, "qwen32b-v1")).toEqual({ route: "qwen32b", subsets: ["v1"], inferencePool: true });
  });

  it("refuses precise on a mesh route, with the key, the reason and the fix", () => {
    const fleet = staging();
    fleet.routes = fleet.routes.map((route) => ({ ...route, routing: "mesh", prefixCacheRouting: "precise" }));
    const problems = problemsOf(() => parseFleet(fleet)).filter((p) => p.field === "llmfleet:fleet.routes[0].prefixCacheRouting");
    expect(problems).toHaveLength(1);
    expect(problems[0]?.value).toBe("precise");
    expect(problems[0]?.reason).toMatch(/routing: mesh, which has no picker/);
    expect(problems[0]?.fix).toBe("add routing: inference-pool to this route, or remove prefixCacheRouting");
  });

  it("refuses precise for a deployment whose engine the scheduler reads no KV events from, naming the member", () => {
    const fleet = staging();
    fleet.routes = fleet.routes.map((route) => ({ ...route, prefixCacheRouting: "precise" }));
    fleet.deployments = fleet.deployments.map((deployment, index) => (index === 1 ? { ...deployment, engine: "sglang" } : deployment));
    const problems = problemsOf(() => parseFleet(fleet)).filter((p) => p.field === "llmfleet:fleet.routes[0].deployments[1].name");
    expect(problems.map((p) => [p.value, p.reason, p.fix])).toEqual([
      ["qwen32b-v2", expect.stringMatching(/runs engine sglang, whose KV-cache events llm-d's scheduler v0\.8\.0 does not read/), "serve this route with vllm, or set prefixCacheRouting: approximate (the default) for it"],
    ]);
    for (const problem of problems) expect(`${problem.reason} ${problem.fix}`).not.toMatch(/zod|regex|PoolBackend|publishKvEvents/);
  });

  it("refuses a vLLM deployment with prefix caching off behind a precise route, and reports an engine the picker cannot read only once", () => {
    const fleet = staging();
    fleet.routes = fleet.routes.map((route) => ({ ...route, prefixCacheRouting: "precise" }));
    fleet.deployments = fleet.deployments.map((deployment, index) => (index === 0 ? { ...deployment, prefixCaching: false } : { ...deployment, engine: "bladellm" }));
    const problems = problemsOf(() => parseFleet(fleet));
    const caching = problems.filter((p) => p.field === "llmfleet:fleet.deployments[0].prefixCaching");
    expect(caching.map((p) => p.fix)).toEqual(["remove prefixCaching: false (it is on by default), or set prefixCacheRouting: approximate on the route"]);
    expect(caching[0]?.reason).toMatch(/without prefix caching vLLM keeps no prefix to reuse/);
    expect(problems.filter((p) => p.field === "llmfleet:fleet.routes[0].deployments[1].name").map((p) => p.reason)).toEqual([expect.stringMatching(/engine bladellm, whose metrics the endpoint picker cannot read/)]);
  });

  it("refuses an unknown prefixCacheRouting naming the key and the choices", () => {
    const fleet = staging();
    fleet.routes = fleet.routes.map((route) => ({ ...route, prefixCacheRouting: "exact" }));
    expect(() => parseFleet(fleet)).toThrow(/llmfleet:fleet\.routes\[0\]\.prefixCacheRouting.*approximate.*precise/s);
  });
});
