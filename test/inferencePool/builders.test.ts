import { describe, expect, it } from "vitest";
import { systemWorkloads } from "../../src/cluster/index.js";
import { parseWith } from "../../src/errors/index.js";
import { endpointPickerConfig, endpointPickersOf, inferenceGatewayObjects, inferenceGatewaySpecSchema, type InferenceGatewaySpecInput } from "../../src/inferencePool/index.js";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { validateManifests } from "../../src/k8s/validate.js";

function spec(input: Partial<InferenceGatewaySpecInput> = {}): InferenceGatewaySpecInput {
  return {
    implementation: "istio",
    routes: [
      {
        name: "deepseek",
        namespace: "llm-large",
        hosts: ["deepseek.llm.example.com"],
        pools: [{ deploymentName: "deepseek-r1", weight: 100, engine: "sglang", port: 30000, multiNode: true, replicas: 2, modelLabel: "deepseek-r1" }],
      },
    ],
    ...input,
  };
}

function render(input: InferenceGatewaySpecInput): KubernetesObject[] {
  return inferenceGatewayObjects(parseWith(inferenceGatewaySpecSchema, input, "args"));
}

function find(objects: readonly KubernetesObject[], kind: string, name: string): KubernetesObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
}

function pickerArgs(objects: readonly KubernetesObject[], name: string): string[] {
  const deployment = find(objects, "Deployment", name).spec as { template: { spec: { containers: { args: string[] }[] } } };
  return deployment.template.spec.containers[0]?.args ?? [];
}

describe("inference-pool builders", () => {
  it("selects only the leaders of a multi-node group, on the engine port", () => {
    const pool = find(render(spec()), "InferencePool", "deepseek-r1");
    expect(pool.spec).toMatchObject({
      selector: { matchLabels: { "app.kubernetes.io/name": "deepseek-r1", "app.kubernetes.io/component": "inference", "leaderworkerset.sigs.k8s.io/worker-index": "0" } },
      targetPorts: [{ number: 30000 }],
    });
  });

  it("names one picker per pool for monitoring, by the pool and its namespace", () => {
    expect(endpointPickersOf(spec())).toEqual([{ namespace: "llm-large", inferencePool: "deepseek-r1" }]);
    const service = find(render(spec()), "Service", "deepseek-r1-epp").spec as { ports: { name: string; port: number }[] };
    expect(service.ports.map((port) => [port.name, port.port])).toEqual([
      ["grpc", 9002],
      ["metrics", 9090],
    ]);
  });

  it("reads SGLang's metric names (upstream chart's flags and the extractor's defaultEngine)", () => {
    const objects = render(spec());
    const args = pickerArgs(objects, "deepseek-r1-epp");
    expect(args.slice(args.indexOf("--total-queued-requests-metric"), args.indexOf("--total-queued-requests-metric") + 2)).toEqual(["--total-queued-requests-metric", "sglang:num_queue_reqs"]);
    expect(args).toContain("sglang:token_usage");
    expect(endpointPickerConfig("sglang")["plugins"]).toContainEqual({ type: "core-metrics-extractor", parameters: { defaultEngine: "sglang" } });
    expect(endpointPickerConfig("vllm")["plugins"]).toContainEqual({ type: "core-metrics-extractor" });
  });

  it("with ACK's gateway: its class, in the serving namespace, the picker's own TLS, no sidecar and no Istio object", () => {
    const objects = render(spec({ implementation: "ack" }));
    const gateway = find(objects, "Gateway", "deepseek-inference");
    expect(gateway.metadata.namespace).toBe("llm-large");
    expect(gateway.spec).toMatchObject({ gatewayClassName: "ack-gateway" });
    expect(pickerArgs(objects, "deepseek-r1-epp").filter((arg) => arg.startsWith("--secure-serving"))).toEqual([]);
    const template = (find(objects, "Deployment", "deepseek-r1-epp").spec as { template: { metadata: { labels: Record<string, string> } } }).template;
    expect(template.metadata.labels["sidecar.istio.io/inject"]).toBe("false");
    expect(objects.filter((o) => o.apiVersion.includes("istio.io/"))).toEqual([]);
    const policy = find(objects, "NetworkPolicy", "deepseek-r1-epp").spec as { ingress: { from: unknown[] }[] };
    expect(policy.ingress[0]?.from).toEqual([
      { namespaceSelector: {}, podSelector: { matchLabels: { "gateway.envoyproxy.io/owning-gateway-name": "deepseek-inference", "gateway.envoyproxy.io/owning-gateway-namespace": "llm-large" } } },
    ]);
  });

  it("with Istio: the picker keeps its own TLS, outside the mesh, behind a DestinationRule that makes the gateway speak it", () => {
    const objects = render(spec());
    const template = (find(objects, "Deployment", "deepseek-r1-epp").spec as { template: { metadata: { labels: Record<string, string> } } }).template;
    expect(template.metadata.labels["sidecar.istio.io/inject"]).toBe("false");
    expect(pickerArgs(objects, "deepseek-r1-epp").filter((arg) => arg.startsWith("--secure-serving"))).toEqual([]);
    expect(find(objects, "DestinationRule", "deepseek-r1-epp").spec).toEqual({ host: "deepseek-r1-epp.llm-large.svc.cluster.local", trafficPolicy: { tls: { mode: "SIMPLE", insecureSkipVerify: true } } });
    expect(objects.filter((o) => o.apiVersion.startsWith("security.istio.io/"))).toEqual([]);
    expect(objects.filter((o) => o.kind === "PodDisruptionBudget")).toEqual([]);
  });

  it("with Istio, reads a single-node pool's metrics at pilot-agent's 15020 /stats/prometheus and a multi-node pool's at the engine port", () => {
    const input = spec();
    const route = input.routes[0];
    if (route === undefined) throw new Error("no route");
    const singleNode = render({ ...input, routes: [{ ...route, pools: route.pools.map((pool) => ({ ...pool, multiNode: false })) }] });
    expect(pickerArgs(singleNode, "deepseek-r1-epp")).toEqual(expect.arrayContaining(["--model-server-metrics-port", "15020"]));
    expect(pickerArgs(singleNode, "deepseek-r1-epp").join("\n")).toContain("path: /stats/prometheus");
    expect((find(singleNode, "NetworkPolicy", "deepseek-r1-inference-pool").spec as { ingress: { ports: { port: number }[] }[] }).ingress.map((rule) => rule.ports[0]?.port)).toEqual([30000, 15020]);
    const multiNode = render(input);
    expect(pickerArgs(multiNode, "deepseek-r1-epp")).not.toContain("--model-server-metrics-port");
    expect(pickerArgs(multiNode, "deepseek-r1-epp").join("\n")).toContain("path: /metrics");
    expect((find(multiNode, "NetworkPolicy", "deepseek-r1-inference-pool").spec as { ingress: { ports: { port: number }[] }[] }).ingress.map((rule) => rule.ports[0]?.port)).toEqual([30000, 30000]);
  });

  it("renders only objects that validate against their upstream schemas, for both implementations", async () => {
    for (const implementation of ["istio", "ack"] as const) {
      expect(await validateManifests(render(spec({ implementation })))).toEqual([]);
    }
  });

  it("plain HTTP without a TLS Secret: one listener per host and no redirect", () => {
    const objects = render(spec());
    expect((find(objects, "Gateway", "deepseek-inference").spec as { listeners: unknown[] }).listeners).toHaveLength(1);
    expect(objects.filter((o) => o.kind === "HTTPRoute").map((o) => o.metadata.name)).toEqual(["deepseek"]);
  });

  it("refuses pool weights that do not sum to 100", () => {
    const input = spec();
    const route = input.routes[0];
    if (route === undefined) throw new Error("no route");
    expect(() => render({ ...input, routes: [{ ...route, pools: route.pools.map((pool) => ({ ...pool, weight: 60 })) }] })).toThrow(/args\.routes\[0\]\.pools.*weights sum to 60, not 100/s);
  });

  it("counts two pickers per pool and one gateway proxy per route toward the system pool", () => {
    const base = { mesh: true, monitoring: false, keda: false, leaderWorkerSet: false, mpiOperator: false, mpiLaunchers: 0 };
    const workloads = systemWorkloads({ ...base, inferenceRouting: { pickers: 2, gateways: 1 } });
    expect(workloads.find((w) => w.name === "serving/endpoint-pickers")).toMatchObject({ replicas: 4, cpuMillis: 1100, memoryMiB: 1152 });
    expect(workloads.find((w) => w.name === "gateway/inference-gateways")).toMatchObject({ replicas: 1, cpuMillis: 100, memoryMiB: 128 });
    expect(systemWorkloads(base).map((w) => w.name)).not.toContain("serving/endpoint-pickers");
  });
});

describe("the picker image with a registry mirror", () => {
  it("is pulled from the mirror with its pull Secret", () => {
    const objects = render(spec({ registry: { mirror: "llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror", pullSecretName: "acr-pull" } }));
    const pod = (find(objects, "Deployment", "deepseek-r1-epp").spec as { template: { spec: { containers: { image: string }[]; imagePullSecrets: unknown } } }).template.spec;
    expect(pod.containers[0]?.image).toBe("llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror/registry.k8s.io/gateway-api-inference-extension/epp:v1.5.0");
    expect(pod.imagePullSecrets).toEqual([{ name: "acr-pull" }]);
  });
});
