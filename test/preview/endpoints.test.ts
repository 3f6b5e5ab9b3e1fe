import { beforeAll, describe, expect, it } from "vitest";
import { howToCall, stackEndpoints, type Endpoint } from "../../src/preview/endpoints.js";
import { previewStack } from "../../src/preview/runStack.js";
import { stagingV1OnInferencePool, stagingWithRouting } from "../support/routingStacks.js";

let endpoints: Endpoint[] = [];
let poolEndpoints: Endpoint[] = [];

beforeAll(async () => {
  // staging: one route, a 90/10 canary of two versions over HTTPS, through the mesh's VirtualService…
  endpoints = stackEndpoints((await previewStack(stagingWithRouting("mesh"))).resources);
  // …and with the route on qwen32b-v1 alone, through an HTTPRoute to its InferencePool.
  poolEndpoints = stackEndpoints((await previewStack(stagingV1OnInferencePool())).resources);
});

describe("the endpoints of a previewed stack", () => {
  it("gives the route's HTTPS URL, the served model name and the gateway the host must resolve to", () => {
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]).toMatchObject({
      name: "qwen32b",
      baseUrl: "https://qwen32b.staging.llmfleet.example.com",
      model: "qwen3-32b",
      gateway: { namespace: "istio-system", selector: { istio: "ingressgateway" } },
    });
  });

  it("names the one API key Secret every version behind the route checks", () => {
    expect(endpoints[0]?.apiKeys).toEqual([{ namespace: "llm-serving", secret: "route-qwen32b-api-key", key: "api-key" }]);
    const lines = endpoints[0] === undefined ? [] : howToCall(endpoints[0]);
    expect(lines).not.toContain("  a client holding one key is refused (401) on the traffic routed to the others");
  });

  it("shows how to call it: the gateway address, the key from its Secret and a sample curl", () => {
    const lines = endpoints[0] === undefined ? [] : howToCall(endpoints[0]);
    expect(lines).toContain("    GATEWAY=$(kubectl -n istio-system get service -l istio=ingressgateway -o jsonpath='{.items[0].status.loadBalancer.ingress[0].ip}')");
    expect(lines).toContain("    KEY=$(kubectl -n llm-serving get secret route-qwen32b-api-key -o jsonpath='{.data.api-key}' | base64 -d)");
    expect(lines.at(-1)).toBe(
      "    curl https://qwen32b.staging.llmfleet.example.com/v1/chat/completions --resolve qwen32b.staging.llmfleet.example.com:443:$GATEWAY " +
        `-H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' -d '{"model":"qwen3-32b","messages":[{"role":"user","content":"Hello"}]}'`,
    );
  });

  it("finds an inference-pool route through its HTTPRoute, with the same key, and the Gateway's address in its status", () => {
    // qwen32b-v2, left out of the route, is reached in-cluster only.
    expect(poolEndpoints.map((endpoint) => endpoint.name)).toEqual(["qwen32b", "qwen32b-v2"]);
    expect(poolEndpoints[1]?.gateway).toBeNull();
    expect(poolEndpoints[0]).toMatchObject({
      name: "qwen32b",
      baseUrl: "https://qwen32b.staging.llmfleet.example.com",
      model: "qwen3-32b",
      apiKeys: [{ namespace: "llm-serving", secret: "route-qwen32b-api-key", key: "api-key" }],
      gatewayApi: { namespace: "istio-system", name: "qwen32b-inference" },
    });
    const lines = poolEndpoints[0] === undefined ? [] : howToCall(poolEndpoints[0]);
    expect(lines).toContain("    GATEWAY=$(kubectl -n istio-system get gateway qwen32b-inference -o jsonpath='{.status.addresses[0].value}')");
  });

  it("gives an in-cluster URL and a port-forward for a deployment no route reaches", () => {
    const lines = howToCall({ name: "qwen7b", baseUrl: "http://qwen7b.llm-serving.svc.cluster.local:8000", model: "qwen2.5-7b-instruct", apiKeys: [], gateway: null });
    expect(lines).toEqual([
      'qwen7b (in-cluster only: no route reaches it): http://qwen7b.llm-serving.svc.cluster.local:8000/v1, model "qwen2.5-7b-instruct"',
      "  API key: none checked by the engine",
      "  from outside the cluster: kubectl -n llm-serving port-forward service/qwen7b 8000:8000, then use http://localhost:8000",
      `    curl http://qwen7b.llm-serving.svc.cluster.local:8000/v1/chat/completions -H 'Content-Type: application/json' -d '{"model":"qwen2.5-7b-instruct","messages":[{"role":"user","content":"Hello"}]}'`,
    ]);
  });
});
