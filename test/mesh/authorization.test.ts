import { describe, expect, it } from "vitest";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { enginePodLabels, GATEWAY_PRINCIPAL, INGRESS_GATEWAY, meshObjects, OPENAI_PATHS } from "../../src/mesh/index.js";
import type { ServedModelInput } from "../../src/mesh/index.js";
import { MODEL_INPUTS, SCRAPER, servedModels } from "./fixtures.js";

const objects = meshObjects(servedModels(), SCRAPER);
const INTERNAL_PATHS = ["/invocations", "/pause", "/metrics", "/tokenize", "/load"];

interface Rule {
  from?: { source: Record<string, string[]> }[];
  to?: { operation: Record<string, string[]> }[];
  when?: { key: string; values?: string[]; notValues?: string[] }[];
}

function policies(namespace: string): { name: string; action: unknown; selector: unknown; rules: Rule[] | undefined }[] {
  return objects
    .filter((object) => object.kind === "AuthorizationPolicy" && object.metadata.namespace === namespace)
    .map((object: KubernetesObject) => {
      const spec = object.spec as { action?: string; selector?: unknown; rules?: Rule[] };
      return { name: object.metadata.name, action: spec.action, selector: spec.selector, rules: spec.rules };
    });
}

describe("who may reach a served model", () => {
  it("denies everything by default in each serving namespace, with mTLS STRICT", () => {
    for (const namespace of ["llm-serving", "llm-large"]) {
      expect(policies(namespace)).toContainEqual({ name: "allow-nothing", action: undefined, selector: undefined, rules: undefined });
      const peer = objects.find((object) => object.kind === "PeerAuthentication" && object.metadata.namespace === namespace);
      expect(peer?.spec).toEqual({ mtls: { mode: "STRICT" } });
    }
  });

  it("allows only the OpenAI paths, and only from the gateway; /metrics only to Prometheus", () => {
    const allow = policies("llm-serving").find((policy) => policy.name === "qwen-chat-openai");
    expect(allow?.action).toBe("ALLOW");
    const [fromGateway, fromPrometheus] = allow?.rules ?? [];
    expect(fromGateway?.from?.[0]?.source["principals"]).toEqual([GATEWAY_PRINCIPAL]);
    const paths = fromGateway?.to?.[0]?.operation["paths"] ?? [];
    expect(paths).toEqual([...OPENAI_PATHS]);
    for (const internal of INTERNAL_PATHS) expect(paths).not.toContain(internal);
    expect(fromPrometheus).toEqual({ from: [{ source: { principals: [SCRAPER] } }], to: [{ operation: { methods: ["GET"], paths: ["/metrics"] } }] });
  });

  it("denies every non-OpenAI path of a model's hosts at the gateway (sidecar-less multi-node pods rely on it)", () => {
    const deny = policies(INGRESS_GATEWAY.namespace).find((policy) => policy.name === "deepseek-paths");
    expect(deny?.action).toBe("DENY");
    expect(deny?.rules?.[0]?.to?.[0]?.operation).toEqual({
      hosts: ["deepseek.llm.example.com", "deepseek.llm.example.com:*"],
      notPaths: [...OPENAI_PATHS],
    });
  });

  it("pairs RequestAuthentication with a rule denying requests without a principal of the issuer", () => {
    const requestAuth = objects.find((object) => object.kind === "RequestAuthentication");
    expect(requestAuth?.spec).toMatchObject({ jwtRules: [{ issuer: "https://auth.example.com", audiences: ["llm"] }] });
    const deny = policies(INGRESS_GATEWAY.namespace).find((policy) => policy.name === "qwen-chat-require-jwt");
    expect(deny?.rules?.[0]?.from).toEqual([{ source: { notRequestPrincipals: ["https://auth.example.com/*"] } }]);
  });

  it("reads the JWT from its own header, so the engine still receives its API key in Authorization", () => {
    const requestAuth = objects.find((object) => object.kind === "RequestAuthentication");
    expect(requestAuth?.spec).toMatchObject({ jwtRules: [{ fromHeaders: [{ name: "x-jwt-assertion" }], forwardOriginalToken: false }] });
    // JWT and API key together: the key requirement stays on the JWT model's hosts.
    expect(policies(INGRESS_GATEWAY.namespace).map((policy) => policy.name)).toContain("qwen-chat-require-api-key");
  });

  it("refuses a JWT in the Authorization header, where the engine checks its key", () => {
    const [jwtModel] = MODEL_INPUTS;
    const jwt = { issuer: "https://auth.example.com", jwksUri: "https://auth.example.com/jwks.json", tokenHeader: "authorization" };
    expect(() => servedModels([{ ...(jwtModel as ServedModelInput), jwt }])).toThrow(/models\[0\]\.jwt\.tokenHeader.*Authorization carries the route's API key/);
  });

  it("requires an API key header at the gateway without putting a key in the policy", () => {
    const deny = policies(INGRESS_GATEWAY.namespace).find((policy) => policy.name === "deepseek-require-api-key");
    expect(deny?.rules?.[0]?.when).toEqual([{ key: "request.headers[authorization]", notValues: ["Bearer *"] }]);
  });

  it("injects no sidecar into multi-node engine pods", () => {
    expect(enginePodLabels(true)).toEqual({ "sidecar.istio.io/inject": "false" });
    expect(enginePodLabels(false)).toEqual({ "sidecar.istio.io/inject": "true" });
  });
});
