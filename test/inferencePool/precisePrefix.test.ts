import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { systemWorkloads } from "../../src/cluster/index.js";
import { parseWith } from "../../src/errors/index.js";
import { inferenceGatewayObjects, inferenceGatewaySpecSchema, type InferenceGatewaySpecInput } from "../../src/inferencePool/index.js";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { validateManifests } from "../../src/k8s/validate.js";

/** One vLLM pool behind a `prefixCacheRouting: precise` route (what LlmFleet gives InferenceGateway). */
function spec(pool: Record<string, unknown> = {}, input: Partial<InferenceGatewaySpecInput> = {}): InferenceGatewaySpecInput {
  return {
    implementation: "istio",
    routes: [
      {
        name: "qwen",
        namespace: "llm-serving",
        hosts: ["qwen.llm.example.com"],
        pools: [
          {
            deploymentName: "qwen-v1",
            weight: 100,
            engine: "vllm",
            port: 8000,
            replicas: 2,
            modelLabel: "qwen3-32b",
            prefixCacheRouting: "precise",
            servedModelName: "qwen3-32b",
            tokenizerSource: { claimName: "models-models", modelDirectory: "/Qwen3-32B/" },
            ...pool,
          },
        ],
      },
    ],
    ...input,
  } as InferenceGatewaySpecInput;
}

function render(input: InferenceGatewaySpecInput): KubernetesObject[] {
  return inferenceGatewayObjects(parseWith(inferenceGatewaySpecSchema, input, "args"));
}

function find(objects: readonly KubernetesObject[], kind: string, name: string): KubernetesObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
}

interface Container {
  name: string;
  image: string;
  args?: string[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  securityContext?: Record<string, unknown>;
  startupProbe?: unknown;
}
interface PodSpec {
  containers: Container[];
  volumes: Record<string, unknown>[];
}

function pickerPod(objects: readonly KubernetesObject[]): PodSpec {
  return (find(objects, "Deployment", "qwen-v1-epp").spec as { template: { spec: PodSpec } }).template.spec;
}

function pickerConfig(objects: readonly KubernetesObject[]): { text: string; config: Record<string, unknown> } {
  const args = pickerPod(objects).containers[0]?.args ?? [];
  const text = args[args.indexOf("--config-text") + 1] ?? "";
  return { text, config: parse(text) as Record<string, unknown> };
}

describe("a precise pool's picker: llm-d's inference scheduler", () => {
  it("runs the pinned llm-d scheduler image with the UDS tokenizer sidecar, both pinned by exact tag", () => {
    const pod = pickerPod(render(spec()));
    expect(pod.containers.map((c) => [c.name, c.image])).toEqual([
      ["epp", "ghcr.io/llm-d/llm-d-inference-scheduler:v0.8.0"],
      ["uds-tokenizer", "ghcr.io/llm-d/llm-d-uds-tokenizer:v0.7.1"],
    ]);
  });

  it("configures the precise prefix-cache scorer with the block size, hash seed, topic filter and events port vLLM is given", () => {
    const { config } = pickerConfig(render(spec()));
    const plugins = config["plugins"] as { type: string; parameters?: Record<string, unknown> }[];
    expect(plugins.find((p) => p.type === "precise-prefix-cache-scorer")?.parameters).toEqual({
      tokenProcessorConfig: { blockSize: 64, hashSeed: "42" },
      indexerConfig: {
        tokenizersPoolConfig: { modelName: "qwen3-32b", uds: { socketFile: "/tmp/tokenizer/tokenizer-uds.socket", modelTokenizerMap: { "qwen3-32b": "/models/Qwen3-32B" } } },
        kvBlockIndexConfig: { enableMetrics: true },
      },
      kvEventsConfig: { topicFilter: "kv@", discoverPods: true, podDiscoveryConfig: { socketPort: 5557 } },
    });
    expect(plugins.find((p) => p.type === "tokenizer")?.parameters).toMatchObject({ modelName: "qwen3-32b" });
    const profile = (config["schedulingProfiles"] as { plugins: { pluginRef: string; weight?: number }[] }[])[0];
    expect(profile?.plugins.filter((p) => p.weight !== undefined)).toEqual([
      { pluginRef: "precise-prefix-cache-scorer", weight: 3 },
      { pluginRef: "kv-cache-utilization-scorer", weight: 2 },
      { pluginRef: "queue-scorer", weight: 2 },
    ]);
    // The approximate scorer is gone, and the endpoint notifications feed the precise one (pod discovery).
    expect(plugins.map((p) => p.type)).not.toContain("prefix-cache-scorer");
    expect(config["dataLayer"]).toMatchObject({ sources: expect.arrayContaining([{ pluginRef: "endpoint-notification-source", extractors: [{ pluginRef: "precise-prefix-cache-scorer" }] }]) });
  });

  it("writes the configuration without YAML anchors (the tokenizer settings appear twice)", () => {
    const { text } = pickerConfig(render(spec()));
    expect(text).not.toMatch(/[&*]a\d/);
    expect(text.match(/socketFile: \/tmp\/tokenizer\/tokenizer-uds\.socket/g)).toHaveLength(2);
  });

  it("reads the tokenizer from the model storage, read-only, through a socket shared with the picker; the tokenizer is hardened like the picker", () => {
    const pod = pickerPod(render(spec()));
    const [picker, tokenizer] = pod.containers;
    expect(pod.volumes).toContainEqual({ name: "model-storage", persistentVolumeClaim: { claimName: "models-models", readOnly: true } });
    expect(tokenizer?.volumeMounts).toContainEqual({ name: "model-storage", mountPath: "/models", readOnly: true });
    expect(tokenizer?.volumeMounts).toContainEqual({ name: "tokenizer-socket", mountPath: "/tmp/tokenizer" });
    expect(picker?.volumeMounts).toContainEqual({ name: "tokenizer-socket", mountPath: "/tmp/tokenizer" });
    expect(tokenizer?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
    expect(tokenizer?.startupProbe).toMatchObject({ httpGet: { path: "/healthz", port: 8082 } });
  });

  it("lets the picker reach each engine pod's KV-events port, and only the picker (metrics at pilot-agent's merged endpoint under Istio)", () => {
    const objects = render(spec());
    const egress = (find(objects, "NetworkPolicy", "qwen-v1-epp").spec as { egress: { to?: unknown[]; ports: { port: number }[] }[] }).egress;
    expect(egress[0]).toEqual({ to: [{ podSelector: { matchLabels: { "app.kubernetes.io/name": "qwen-v1", "app.kubernetes.io/component": "inference" } } }], ports: [{ protocol: "TCP", port: 15020 }, { protocol: "TCP", port: 5557 }] });
    const ingress = (find(objects, "NetworkPolicy", "qwen-v1-inference-pool").spec as { ingress: { from: { podSelector?: { matchLabels: Record<string, string> } }[]; ports: { port: number }[] }[] }).ingress;
    const kvEvents = ingress.filter((rule) => rule.ports.some((port) => port.port === 5557));
    expect(kvEvents).toHaveLength(1);
    expect(kvEvents[0]?.from).toEqual([{ podSelector: { matchLabels: expect.objectContaining({ "llmfleet.io/inference-pool": "qwen-v1", "app.kubernetes.io/component": "endpoint-picker" }) } }]);
  });

  it("adds no mesh object for the events port: the picker is outside the mesh and the engines take 5557 past their sidecars", () => {
    for (const implementation of ["istio", "ack"] as const) {
      const objects = render(spec({}, { implementation }));
      expect(objects.filter((o) => o.metadata.name === "qwen-v1-kv-events")).toEqual([]);
      expect(objects.filter((o) => o.kind === "AuthorizationPolicy")).toEqual([]);
    }
  });

  it("renders only schema-valid objects, for both implementations", async () => {
    for (const implementation of ["istio", "ack"] as const) expect(await validateManifests(render(spec({}, { implementation })))).toEqual([]);
  });

  it("pulls both images from the registry mirror when one is set", () => {
    const pod = pickerPod(render(spec({}, { registry: { mirror: "llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror", pullSecretName: "acr-pull" } })));
    expect(pod.containers.map((c) => c.image)).toEqual([
      "llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror/ghcr.io/llm-d/llm-d-inference-scheduler:v0.8.0",
      "llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror/ghcr.io/llm-d/llm-d-uds-tokenizer:v0.7.1",
    ]);
  });

  it("leaves an approximate pool (the default) on the v1.5.0 picker with no tokenizer, events port or Service", () => {
    const objects = render(spec({ prefixCacheRouting: undefined, servedModelName: undefined, tokenizerSource: undefined }));
    const pod = pickerPod(objects);
    expect(pod.containers.map((c) => c.image)).toEqual(["registry.k8s.io/gateway-api-inference-extension/epp:v1.5.0"]);
    expect(pickerConfig(objects).text).toContain("type: prefix-cache-scorer");
    expect(JSON.stringify(objects)).not.toContain("5557");
    expect(objects.filter((o) => o.metadata.name === "qwen-v1-kv-events")).toEqual([]);
  });

  it("refuses a precise pool that is not vLLM or lacks its model name or tokenizer source", () => {
    expect(() => render(spec({ engine: "sglang" }))).toThrow(/args\.routes\[0\]\.pools\[0\]\.engine.*vLLM's KV events/s);
    expect(() => render(spec({ servedModelName: undefined, tokenizerSource: undefined }))).toThrow(/servedModelName.*tokenizerSource/s);
  });

  it("counts each precise picker replica's tokenizer toward the system pool", () => {
    const base = { mesh: true, monitoring: false, keda: false, leaderWorkerSet: false, mpiOperator: false, mpiLaunchers: 0 };
    const workloads = systemWorkloads({ ...base, inferenceRouting: { pickers: 2, gateways: 1, tokenizers: 1 } });
    expect(workloads.find((w) => w.name === "serving/picker-tokenizers")).toMatchObject({ replicas: 2, cpuMillis: 500, memoryMiB: 1024 });
    expect(systemWorkloads({ ...base, inferenceRouting: { pickers: 2, gateways: 1 } }).map((w) => w.name)).not.toContain("serving/picker-tokenizers");
  });
});
