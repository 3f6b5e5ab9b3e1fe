import { beforeAll, describe, expect, it } from "vitest";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { parseFleet } from "../../src/stack/index.js";

/** A route's JWT, from the stack file: in its own header, next to the route's API key in Authorization. */
const JWT = { issuer: "https://auth.example.com", jwksUri: "https://auth.example.com/.well-known/jwks.json", audiences: ["llm-api"] };

function devWithRouteJwt(jwt: Record<string, unknown>) {
  const file = loadStackFile({ stack: "dev" });
  const fleet = structuredClone(file.config["llmfleet:fleet"]) as { routes: Record<string, unknown>[] };
  fleet.routes = fleet.routes.map((route, index) => (index === 0 ? { ...route, jwt } : route));
  return { ...file, config: { ...file.config, "llmfleet:fleet": fleet } };
}

let preview: StackPreview;

beforeAll(async () => {
  preview = await previewStack(devWithRouteJwt(JWT));
});

function objectOf(kind: string, name: RegExp): Record<string, unknown> {
  const resource = preview.resources.find((r) => r.type === kind && name.test(r.name));
  if (resource === undefined) throw new Error(`no ${kind} ${String(name)}`);
  return resource.inputs;
}

describe("routes[].jwt", () => {
  it("reads the token from x-jwt-assertion only, and drops it before the engine", () => {
    const authn = objectOf("kubernetes:security.istio.io/v1:RequestAuthentication", /qwen7b-jwt$/) as { spec: { jwtRules: Record<string, unknown>[] } };
    expect(authn.spec.jwtRules).toEqual([{ ...JWT, fromHeaders: [{ name: "x-jwt-assertion" }], forwardOriginalToken: false }]);
  });

  it("requires the token and still requires the route's API key in Authorization", () => {
    expect(objectOf("kubernetes:security.istio.io/v1:AuthorizationPolicy", /qwen7b-require-jwt$/)).toBeDefined();
    const apiKey = objectOf("kubernetes:security.istio.io/v1:AuthorizationPolicy", /qwen7b-require-api-key$/);
    expect(JSON.stringify(apiKey)).toContain("authorization");
    expect(preview.deployabilityFindings).toEqual([]);
    expect(preview.policyFindings.filter((f) => f.enforcement === "mandatory")).toEqual([]);
  });

  it("refuses the token in Authorization, naming the key as written and the fix", () => {
    const fleet = devWithRouteJwt({ ...JWT, tokenHeader: "authorization" }).config["llmfleet:fleet"];
    expect(() => parseFleet(fleet)).toThrow(/llmfleet:fleet\.routes\[0\]\.jwt\.tokenHeader.*Authorization carries the route's API key.*Fix: send the JWT in its own header/s);
  });
});
