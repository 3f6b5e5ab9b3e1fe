import { beforeAll, describe, expect, it } from "vitest";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { stagingV1OnInferencePool } from "../support/routingStacks.js";

/** Staging's route sending all its traffic to qwen32b-v1 on inference-pool: one single-node pool whose pods Istio injects. */
let staging: StackPreview;

beforeAll(async () => {
  staging = await previewStack(stagingV1OnInferencePool());
});

function object(kind: string, name: string): KubernetesObject {
  const found = staging.manifests.objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
}

const PICKER_PODS = { podSelector: { matchLabels: { "app.kubernetes.io/name": "endpoint-picker", "app.kubernetes.io/component": "endpoint-picker", "app.kubernetes.io/managed-by": "llmfleet", "llmfleet.io/inference-pool": "qwen32b-v1" } } };

describe("a single-node pool under Istio", () => {
  it("has its picker read the engines' metrics at pilot-agent's merged endpoint, 15020 /stats/prometheus (the engine port is STRICT mTLS)", () => {
    const args = (object("Deployment", "qwen32b-v1-epp").spec as { template: { spec: { containers: { args: string[] }[] } } }).template.spec.containers[0]?.args ?? [];
    expect(args.slice(args.indexOf("--model-server-metrics-port"), args.indexOf("--model-server-metrics-port") + 2)).toEqual(["--model-server-metrics-port", "15020"]);
    expect(args[args.indexOf("--config-text") + 1]).toMatch(/type: metrics-data-source\n\s+parameters:\n\s+scheme: http\n\s+path: \/stats\/prometheus\n/);
  });

  it("opens 15020 of the engine pods to the picker and the engine port to the route's gateway only", () => {
    expect((object("NetworkPolicy", "qwen32b-v1-inference-pool").spec as { ingress: unknown[] }).ingress).toEqual([
      {
        from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } }, podSelector: { matchLabels: { "gateway.networking.k8s.io/gateway-name": "qwen32b-inference" } } }],
        ports: [{ protocol: "TCP", port: 8000 }],
      },
      { from: [PICKER_PODS], ports: [{ protocol: "TCP", port: 15020 }] },
    ]);
    const egress = (object("NetworkPolicy", "qwen32b-v1-epp").spec as { egress: unknown[] }).egress;
    expect(egress[0]).toEqual({ to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "qwen32b-v1", "app.kubernetes.io/component": "inference" } } }], ports: [{ protocol: "TCP", port: 15020 }] });
  });

  it("previews with nothing to fix", () => {
    expect(staging.deployabilityFindings).toEqual([]);
    expect(staging.manifestFindings).toEqual([]);
    expect(staging.policyFindings.filter((finding) => finding.enforcement === "mandatory")).toEqual([]);
  });
});
