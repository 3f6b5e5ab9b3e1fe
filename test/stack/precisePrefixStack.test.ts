import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { LLM_D_SCHEDULER_IMAGE, UDS_TOKENIZER_IMAGE } from "../../src/inferencePool/index.js";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { DEFAULT_ALLOWED_REGISTRIES } from "../../src/policy/config.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";

/** Staging with `prefixCacheRouting: precise` on its inference-pool route (test/stack/fixtures/Pulumi.precise.yaml). */
let preview: StackPreview;

beforeAll(async () => {
  preview = await previewStack(loadStackFile({ configFile: fileURLToPath(new URL("fixtures/Pulumi.precise.yaml", import.meta.url)) }));
});

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
}

function containers(name: string): Container[] {
  const found = preview.manifests.objects.find((o: KubernetesObject) => o.kind === "Deployment" && o.metadata.name === name);
  if (found === undefined) throw new Error(`no Deployment ${name}`);
  return (found.spec as { template: { spec: { containers: Container[] } } }).template.spec.containers;
}

function flag(args: readonly string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index < 0 ? undefined : args[index + 1];
}

interface Scorer {
  tokenProcessorConfig: { blockSize: number; hashSeed: string };
  indexerConfig: { tokenizersPoolConfig: { modelName: string } };
  kvEventsConfig: { topicFilter: string; podDiscoveryConfig: { socketPort: number } };
}

function scorerOf(deployment: string): Scorer {
  const text = flag(containers(`${deployment}-epp`)[0]?.args ?? [], "--config-text") ?? "";
  const plugins = (parse(text) as { plugins: { type: string; parameters?: unknown }[] }).plugins;
  return plugins.find((p) => p.type === "precise-prefix-cache-scorer")?.parameters as Scorer;
}

describe("staging with precise prefix routing, previewed offline", () => {
  it("validates every object against its upstream schema, with no policy or deployability finding", () => {
    expect(preview.manifestFindings).toEqual([]);
    expect(preview.policyFindings.filter((f) => f.enforcement === "mandatory")).toEqual([]);
    // Staging's one advisory finding (no alert receiver), nothing from the precise route.
    expect(preview.policyFindings.map((f) => f.rule)).toEqual(["alerts-routed"]);
    expect(preview.deployabilityFindings).toEqual([]);
  });

  it("gives each vLLM deployment behind the route exactly the KV-events settings its picker subscribes with", () => {
    for (const deployment of ["qwen32b-v1"]) {
      const [vllm] = containers(deployment);
      const args = vllm?.args ?? [];
      const scorer = scorerOf(deployment);
      const events = JSON.parse(flag(args, "--kv-events-config") ?? "{}") as Record<string, unknown>;
      const servedModel = flag(args, "--served-model-name");
      expect(servedModel).toBe("qwen3-32b");
      expect(events).toEqual({
        enable_kv_cache_events: true,
        publisher: "zmq",
        endpoint: `tcp://*:${scorer.kvEventsConfig.podDiscoveryConfig.socketPort}`,
        // The scorer names a pod <address>:<port> of its pool; the model is what clients send.
        topic: `${scorer.kvEventsConfig.topicFilter}$(VLLM_HOST_IP):${flag(args, "--port") ?? ""}@${scorer.indexerConfig.tokenizersPoolConfig.modelName}`,
      });
      expect(scorer.indexerConfig.tokenizersPoolConfig.modelName).toBe(servedModel);
      expect(flag(args, "--block-size")).toBe(String(scorer.tokenProcessorConfig.blockSize));
      expect(vllm?.env).toContainEqual({ name: "PYTHONHASHSEED", value: scorer.tokenProcessorConfig.hashSeed });
      expect(vllm?.env).toContainEqual({ name: "VLLM_HOST_IP", valueFrom: { fieldRef: { fieldPath: "status.podIP" } } });
    }
  });

  it("points the picker's tokenizer at its deployment's model folder on the model storage", () => {
    const text = flag(containers("qwen32b-v1-epp")[0]?.args ?? [], "--config-text") ?? "";
    expect(text).toContain("qwen3-32b: /models/Qwen3-32B");
  });

  it("lets the picker, outside the mesh, reach the engines' ZMQ port past their sidecars, and only the picker", () => {
    const pod = (preview.manifests.objects.find((o) => o.kind === "Deployment" && o.metadata.name === "qwen32b-v1")?.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template;
    expect(pod.metadata.annotations?.["traffic.sidecar.istio.io/excludeInboundPorts"]).toBe("5557");
    const policy = preview.manifests.objects.find((o) => o.kind === "NetworkPolicy" && o.metadata.name === "qwen32b-v1-inference-pool")?.spec as { ingress: { from: { podSelector?: { matchLabels: Record<string, string> } }[]; ports: { port: number }[] }[] };
    const kvEvents = policy.ingress.filter((rule) => rule.ports.some((port) => port.port === 5557));
    expect(kvEvents.map((rule) => rule.from.map((peer) => peer.podSelector?.matchLabels["app.kubernetes.io/component"]))).toEqual([["endpoint-picker"]]);
  });

  it("pins the picker and tokenizer images, from a registry policy allows, and lists both to mirror", () => {
    expect(containers("qwen32b-v1-epp").map((c) => c.image)).toEqual([LLM_D_SCHEDULER_IMAGE, UDS_TOKENIZER_IMAGE]);
    expect(DEFAULT_ALLOWED_REGISTRIES).toContain("ghcr.io/llm-d");
    const sources = preview.mirror.images.map((image) => image.source);
    expect(sources).toEqual(expect.arrayContaining([LLM_D_SCHEDULER_IMAGE, UDS_TOKENIZER_IMAGE]));
  });
});
