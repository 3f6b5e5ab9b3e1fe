import { beforeAll, describe, expect, it } from "vitest";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { stagingOnAck } from "../support/routingStacks.js";

/** Staging's 90/10 canary on two InferencePools behind ACK's Gateway with Inference Extension, without a mesh. */
let preview: StackPreview;

beforeAll(async () => {
  preview = await previewStack(stagingOnAck());
});

describe("staging with inferenceGateway.implementation: ack", () => {
  it("installs ACK's Gateway API component, then its Gateway with Inference Extension, and no CRD manifests of its own", () => {
    const addons = preview.resources.filter((r) => r.type === "alicloud:cs/kubernetesAddon:KubernetesAddon").map((r) => r.inputs["name"]);
    expect(addons).toEqual(expect.arrayContaining(["gateway-api", "ack-gateway-with-inference-extension"]));
    expect(preview.resources.filter((r) => r.type === "kubernetes:yaml/v2:ConfigFile")).toEqual([]);
  });

  it("applies the Gateway API objects and pools after those components, with nothing else for the preview to find", () => {
    expect(preview.deployabilityFindings).toEqual([]);
    expect(preview.manifestFindings).toEqual([]);
    expect(preview.policyFindings.filter((finding) => finding.enforcement === "mandatory")).toEqual([]);
    const gateway = preview.manifests.objects.find((o) => o.kind === "Gateway");
    expect(gateway?.metadata.namespace).toBe("llm-serving");
    expect(gateway?.spec).toMatchObject({ gatewayClassName: "ack-gateway" });
  });

  it("splits the 90/10 canary as HTTPRoute backend weights across the two pools, on the OpenAI paths only", () => {
    const route = preview.manifests.objects.find((o) => o.kind === "HTTPRoute" && o.metadata.name === "qwen32b")?.spec as { rules: { matches: { path: { value: string } }[]; backendRefs: unknown[] }[] } | undefined;
    expect(route?.rules).toHaveLength(1);
    expect(route?.rules[0]?.backendRefs).toEqual([
      { group: "inference.networking.k8s.io", kind: "InferencePool", name: "qwen32b-v1", weight: 90 },
      { group: "inference.networking.k8s.io", kind: "InferencePool", name: "qwen32b-v2", weight: 10 },
    ]);
    expect(route?.rules[0]?.matches.map((match) => match.path.value)).toEqual(["/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models"]);
  });

  it("gives each version its own pool and picker, which reads the engines' /metrics on the engine port (no mesh, no merged endpoint)", () => {
    const pools = preview.manifests.objects.filter((o) => o.kind === "InferencePool").map((o) => [o.metadata.name, (o.spec as { endpointPickerRef: { name: string } }).endpointPickerRef.name]);
    expect(pools).toEqual([
      ["qwen32b-v1", "qwen32b-v1-epp"],
      ["qwen32b-v2", "qwen32b-v2-epp"],
    ]);
    const policy = preview.manifests.objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "qwen32b-v1-inference-pool")?.spec as { ingress: { ports: { port: number }[] }[] } | undefined;
    expect(policy?.ingress.map((rule) => rule.ports.map((port) => port.port))).toEqual([[8000], [8000]]);
    expect(preview.manifests.objects.filter((o) => o.apiVersion.startsWith("networking.istio.io/") || o.apiVersion.startsWith("security.istio.io/"))).toEqual([]);
  });

  it("says in the preview that ACK's component names are not confirmed", () => {
    expect(preview.warnings).toContainEqual(expect.stringMatching(/ack-gateway-with-inference-extension.*neither the alicloud provider nor ACK.s API reference lists them/));
  });
});
