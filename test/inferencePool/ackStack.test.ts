import { beforeAll, describe, expect, it } from "vitest";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile, type StackFile } from "../../src/preview/stackFile.js";

/** Staging on ACK's Gateway with Inference Extension instead of Istio: no mesh, ACK's components. */
function stagingOnAck(): StackFile {
  const file = loadStackFile({ stack: "staging" });
  const fleet = structuredClone(file.config["llmfleet:fleet"]) as Record<string, unknown> & { externalObjects: Record<string, unknown>[] };
  // ACK's Gateway lives in the serving namespace and reads its certificate there.
  fleet.externalObjects = fleet.externalObjects.map((external) => ({ ...external, namespace: "llm-serving" }));
  return { ...file, config: { ...file.config, "llmfleet:fleet": { ...fleet, mesh: { mode: "none" }, inferenceGateway: { implementation: "ack" } } } };
}

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

  it("says in the preview that ACK's component names are not confirmed", () => {
    expect(preview.warnings).toContainEqual(expect.stringMatching(/ack-gateway-with-inference-extension.*neither the alicloud provider nor ACK.s API reference lists them/));
  });
});
