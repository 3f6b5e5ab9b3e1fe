import * as k8s from "@pulumi/kubernetes";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluatePolicies, parsePolicyConfig, policyResourcesFromPreview, type PolicyResource } from "../../src/policy/index.js";
import { settle, startMockSession, type MockSession } from "../../src/preview/recorder.js";
import { DEFAULT_DENY, gpuDeployment, NS } from "./fixtures.js";

/** Registers a fixture through the real @pulumi/kubernetes resource classes, as a stack program would. */
function register(resource: PolicyResource): void {
  const props = resource.props as { metadata: k8s.types.input.meta.v1.ObjectMeta; spec: never };
  if (resource.type === "kubernetes:apps/v1:Deployment") new k8s.apps.v1.Deployment(resource.name, { metadata: props.metadata, spec: props.spec });
  else new k8s.networking.v1.NetworkPolicy(resource.name, { metadata: props.metadata, spec: props.spec });
}

describe("policies in the offline preview", () => {
  let session: MockSession;
  beforeAll(async () => {
    session = startMockSession("llmfleet", "dev");
    register(gpuDeployment({ container: { securityContext: { privileged: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true } } }));
    register(DEFAULT_DENY);
    await settle();
  });

  it("judges the resources the Pulumi program registered", () => {
    const resources = policyResourcesFromPreview(session.resources);
    expect(resources.map((resource) => resource.type)).toEqual(expect.arrayContaining(["kubernetes:apps/v1:Deployment", "kubernetes:networking.k8s.io/v1:NetworkPolicy"]));
    const findings = evaluatePolicies(resources, parsePolicyConfig({ environment: "dev" }));
    expect(findings.map((finding) => [finding.rule, finding.enforcement, finding.resource?.name ?? null])).toEqual([
      ["no-privileged", "mandatory", "qwen"],
      ["pdb-sane", "advisory", "qwen"],
      ["netpol-default-deny", "advisory", "qwen"],
    ]);
    expect(findings[0]?.message).toContain(`Deployment ${NS}/qwen container "vllm" runs privileged`);
    expect(findings[0]?.resource?.urn).toMatch(/^urn:pulumi:dev::llmfleet::kubernetes:apps\/v1:Deployment::qwen$/);
  });
});
