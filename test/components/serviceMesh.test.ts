import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import { beforeAll, describe, expect, it } from "vitest";
import { ServiceMesh } from "../../components/ServiceMesh.js";
import { ISTIO_VERSION, type ServedModelInput } from "../../src/mesh/index.js";
import { settle, startMockSession, type MockSession, type RecordedResource } from "../../src/preview/index.js";
import { MODEL_INPUTS } from "../mesh/fixtures.js";
import { inputErrorOf } from "./inputErrorOf.js";

const MESH = "llmfleet:index:ServiceMesh";
const CHART = "kubernetes:helm.sh/v4:Chart";

let session: MockSession;
let istio: ServiceMesh;

/** Every resource under `parent`, however deep (the control plane is a component of its own). */
function byParent(parent: RecordedResource | undefined): RecordedResource[] {
  if (parent === undefined) return [];
  const children = session.resources.filter((resource) => resource.parentUrn === parent.urn);
  return [...children, ...children.flatMap((child) => (child.custom ? [] : byParent(child)))];
}

function component(name: string): RecordedResource | undefined {
  return session.resources.find((resource) => resource.type === MESH && resource.name === name);
}

beforeAll(async () => {
  session = startMockSession("llmfleet", "test");
  const kubernetesProvider = new k8s.Provider("serving-cluster", { kubeconfig: "mock" });
  const alicloudProvider = new alicloud.Provider("hangzhou", { region: "cn-hangzhou" });
  istio = new ServiceMesh("mesh", { models: MODEL_INPUTS, kubernetesProvider });
  new ServiceMesh("asm", { mode: "asm", models: MODEL_INPUTS, kubernetesProvider, alicloudProvider, asm: { clusterId: "c-1", vpcId: "vpc-1", vswitchId: "vsw-1" } });
  await settle();
});

describe("ServiceMesh component", () => {
  it("parents every child to the component and passes the explicit providers", () => {
    for (const name of ["mesh", "asm"]) {
      const children = byParent(component(name)).filter((child) => child.custom);
      expect(children.length).toBeGreaterThan(10);
      for (const child of children) {
        const expected = child.type.startsWith("alicloud:") ? "::hangzhou" : "::serving-cluster";
        expect(child.provider, `${child.type} ${child.name}`).toContain(expected);
      }
    }
  });

  it("installs base, istiod and gateway at the pinned Istio version", () => {
    const charts = byParent(component("mesh")).filter((resource) => resource.type === CHART);
    expect(charts.map((chart) => [chart.inputs["chart"], chart.inputs["version"]])).toEqual([
      ["base", ISTIO_VERSION],
      ["istiod", ISTIO_VERSION],
      ["gateway", ISTIO_VERSION],
    ]);
    const gateway = charts.find((chart) => chart.inputs["chart"] === "gateway");
    expect(gateway?.inputs["values"]).toMatchObject({
      service: { annotations: { "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": "intranet" } },
    });
  });

  it("creates istio-system before the charts and keeps the charts' URNs from when they were its own children", () => {
    const resources = byParent(component("mesh"));
    const namespace = resources.find((resource) => resource.type === "kubernetes:core/v1:Namespace");
    expect(namespace?.inputs).toMatchObject({ metadata: { name: "istio-system" } });
    const base = resources.find((resource) => resource.type === CHART && resource.inputs["chart"] === "base");
    expect(base?.dependencies).toContain(namespace?.urn);
    expect(base?.aliasUrns).toContain("urn:pulumi:test::llmfleet::llmfleet:index:ServiceMesh$kubernetes:helm.sh/v4:Chart::mesh-istio-base");
  });

  it("creates an Alibaba Service Mesh instead of the charts in mode asm", () => {
    const children = byParent(component("asm"));
    expect(children.filter((resource) => resource.type === CHART)).toEqual([]);
    const mesh = children.find((resource) => resource.type === "alicloud:servicemesh/serviceMesh:ServiceMesh");
    expect(mesh?.inputs).toMatchObject({ clusterIds: ["c-1"], extraConfiguration: { crAggregationEnabled: true } });
  });

  it("applies the mesh objects, Istio kinds as custom resources", () => {
    const kinds = byParent(component("mesh"))
      .filter((resource) => resource.type === "kubernetes:networking.istio.io/v1:VirtualService" || resource.type === "kubernetes:security.istio.io/v1:AuthorizationPolicy")
      .map((resource) => resource.type);
    expect(kinds).toContain("kubernetes:networking.istio.io/v1:VirtualService");
    expect(kinds).toContain("kubernetes:security.istio.io/v1:AuthorizationPolicy");
    expect(istio.hosts).toEqual(["qwen.llm.example.com", "deepseek.llm.example.com"]);
  });

  it("reports bad args as input errors naming the field", () => {
    const badHost = { ...(MODEL_INPUTS[1] as ServedModelInput), hosts: ["*"] };
    expect(inputErrorOf(() => new ServiceMesh("bad", { models: [badHost] }))).toMatchObject({ propertyPath: "args.models[0].hosts[0]" });
    expect(inputErrorOf(() => new ServiceMesh("no-asm", { mode: "asm", models: MODEL_INPUTS }))).toMatchObject({ propertyPath: "args.asm" });
  });
});
