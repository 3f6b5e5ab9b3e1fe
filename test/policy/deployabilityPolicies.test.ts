import { beforeAll, describe, expect, it } from "vitest";
import { deployabilityPackPolicies, type PackGraphPolicy, type PackGraphResource } from "../../src/policy/index.js";
import type { RecordedResource } from "../../src/preview/index.js";
import { previewStack } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";

/**
 * The deployability policies of the CrossGuard pack, run on resources shaped as CrossGuard's stack
 * validation passes them (props, `parent` and `dependencies` as resources), built from the offline
 * preview of the shipped stacks.
 */
const stacks: Record<string, readonly RecordedResource[]> = {};
beforeAll(async () => {
  for (const stack of ["dev", "staging", "prod"]) stacks[stack] = (await previewStack(loadStackFile({ stack }))).resources;
});

function crossGuardView(resources: readonly RecordedResource[]): PackGraphResource[] {
  return resources.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: r.inputs,
    ...(r.parentUrn === null ? {} : { parent: { urn: r.parentUrn } }),
    dependencies: r.dependencies.map((urn) => ({ urn })),
  }));
}

function policy(name: string): PackGraphPolicy {
  const found = deployabilityPackPolicies().find((p) => p.name === name);
  if (found === undefined) throw new Error(`no policy ${name}`);
  return found;
}

function run(name: string, resources: readonly PackGraphResource[], config: object = {}): { message: string; urn: string | undefined }[] {
  const reported: { message: string; urn: string | undefined }[] = [];
  policy(name).validateStack({ resources, getConfig: () => config }, (message, urn) => reported.push({ message, urn }));
  return reported;
}

const view = (stack: string) => crossGuardView(stacks[stack] ?? []);

describe("deployability in the policy pack", () => {
  it("are mandatory stack policies: apply order and references", () => {
    expect(deployabilityPackPolicies().map((p) => [p.name, p.enforcementLevel])).toEqual([
      ["deployability-apply-order", "mandatory"],
      ["deployability-references", "mandatory"],
    ]);
  });

  it("pass the shipped stacks' apply order", () => {
    for (const stack of ["dev", "staging", "prod"]) expect(run("deployability-apply-order", view(stack))).toEqual([]);
  });

  it("report an object applied before its namespace, against its URN", () => {
    const dev = view("dev");
    const unordered = dev.filter((r) => r.name !== "llmfleet-mesh-istio-system");
    const reported = run("deployability-apply-order", unordered);
    const base = dev.find((r) => r.name === "llmfleet-mesh-istio-base");
    expect(reported).toContainEqual({ message: expect.stringMatching(/^chart base is applied into namespace istio-system: no resource of the stack creates that namespace/), urn: base?.urn });
  });

  it("accept what a chart renders under a real engine: its children, with the chart's own CRDs and namespace", () => {
    const prod = view("prod");
    const stackChart = prod.find((r) => r.type === "kubernetes:helm.sh/v4:Chart" && r.name === "llmfleet-monitoring-kube-prometheus-stack");
    if (stackChart === undefined) throw new Error("no kube-prometheus-stack chart");
    const child = (kind: string, name: string, props: Record<string, unknown>): PackGraphResource => ({
      type: kind,
      name,
      urn: `${stackChart.urn}$${kind}::${name}`,
      props,
      parent: { urn: stackChart.urn },
      dependencies: [],
    });
    const rendered = [
      child("kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition", "servicemonitors.monitoring.coreos.com", { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "servicemonitors.monitoring.coreos.com" }, spec: { group: "monitoring.coreos.com" } }),
      child("kubernetes:monitoring.coreos.com/v1:ServiceMonitor", "monitoring/kube-prometheus-stack-operator", { apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name: "kube-prometheus-stack-operator", namespace: "monitoring" }, spec: {} }),
    ];
    expect(run("deployability-apply-order", [...prod, ...rendered])).toEqual([]);
  });

  it("references: report the staging TLS Secret until the pack's externalObjects lists it", () => {
    const staging = view("staging");
    expect(run("deployability-references", staging).map((r) => r.message)).toEqual([expect.stringMatching(/names Secret istio-system\/llmfleet-staging-tls: .*kubectl create secret tls/)]);
    expect(run("deployability-references", staging, { externalObjects: ["Secret/istio-system/llmfleet-staging-tls"] })).toEqual([]);
  });
});
