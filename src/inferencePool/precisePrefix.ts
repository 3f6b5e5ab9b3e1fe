import { stringify } from "yaml";
import { SCORER_WEIGHTS } from "./pickerConfig.js";

/**
 * Precise prefix-cache routing (`routes[].prefixCacheRouting: precise`): the pool's picker is
 * llm-d's inference scheduler, which subscribes to every vLLM pod's KV-cache events over ZMQ and
 * scores pods on the blocks they really hold, instead of the v1.5.0 picker's guess from where it
 * sent earlier requests (docs/routing.md).
 *
 * Pinned and read at:
 * - llm-d/llm-d-inference-scheduler v0.8.0 (the newest release; its go.mod requires
 *   `sigs.k8s.io/gateway-api-inference-extension v1.5.0`, the same InferencePool
 *   `inference.networking.k8s.io/v1` and ext_proc protocol as our v1.5.0 picker). Image
 *   `ghcr.io/llm-d/llm-d-inference-scheduler:v0.8.0` (Makefile `IMAGE_REGISTRY ?= ghcr.io/llm-d`,
 *   llm-d/llm-d guides/precise-prefix-cache-aware README "Scheduler image"), built `FROM
 *   gcr.io/distroless/static:nonroot`, `USER 65532:65532`, same ports 9002/9003/9090 (Dockerfile.epp).
 *   Plugin config: deploy/config/epp-precise-prefix-cache-config.yaml and
 *   pkg/epp/framework/plugins/scheduling/scorer/preciseprefixcache/precise_prefix_cache.go
 *   (`PluginConfig`: tokenProcessorConfig, indexerConfig, kvEventsConfig).
 * - llm-d/llm-d-kv-cache v0.7.1 (the scheduler's go.mod): pkg/kvevents/pool.go `Config`
 *   (`topicFilter` default `kv@`, `discoverPods` default true, `podDiscoveryConfig.socketPort`
 *   default 5557), pkg/kvcache/kvblock/token_processor.go (`blockSize`, `hashSeed` "aligned with
 *   vLLM's PYTHONHASHSEED"), pkg/kvevents/engineadapter/vllm_adapter.go (topic
 *   `kv@<pod-id>@<model-name>`), pkg/tokenization/uds_tokenizer.go (`socketFile` default
 *   `/tmp/tokenizer/tokenizer-uds.socket`, `modelTokenizerMap`: model name → local tokenizer dir).
 *
 * Direction of the events: with pod discovery each picker replica *connects* a SUB socket to
 * `tcp://<pod IP>:<socketPort>` of every endpoint of its pool (precise_prefix_cache.go
 * `ensureSubscriber`), and vLLM *binds* its PUB socket on `endpoint` (vLLM KVEventsConfig
 * `endpoint` default `tcp://*:5557`). So the picker needs egress to the engine pods on 5557, and
 * the engine pods ingress from the picker on 5557; nothing connects to the picker.
 */

export const PREFIX_CACHE_ROUTING_MODES = ["approximate", "precise"] as const;
export type PrefixCacheRouting = (typeof PREFIX_CACHE_ROUTING_MODES)[number];

/** llm-d's registry (llm-d-inference-scheduler Makefile `IMAGE_REGISTRY ?= ghcr.io/llm-d`): allowed by policy by default. */
export const LLM_D_REGISTRY = "ghcr.io/llm-d";
export const LLM_D_SCHEDULER_VERSION = "0.8.0";
export const LLM_D_SCHEDULER_IMAGE = `${LLM_D_REGISTRY}/llm-d-inference-scheduler:v${LLM_D_SCHEDULER_VERSION}`;
/**
 * The tokenizer sidecar the scheduler's `tokenizer` plugin and the scorer call over a Unix socket
 * (CGO is off in Dockerfile.epp, so the picker cannot tokenize itself). Tag = the kv-cache release
 * the scheduler requires (v0.7.1; llm-d-kv-cache .github/workflows/ci-release-uds-tokenizer.yaml
 * pushes `ghcr.io/llm-d/llm-d-uds-tokenizer:<tag>`; the llm-d guide uses v0.7.1).
 * Runs as 65532 (services/uds_tokenizer/Dockerfile `USER 65532:65532`), health on 8082 `/healthz`.
 */
export const UDS_TOKENIZER_IMAGE = `${LLM_D_REGISTRY}/llm-d-uds-tokenizer:v0.7.1`;
export const UDS_TOKENIZER_UID = 65532;
export const UDS_TOKENIZER_HEALTH_PORT = 8082;
export const UDS_SOCKET_DIR = "/tmp/tokenizer";
export const UDS_SOCKET_FILE = `${UDS_SOCKET_DIR}/tokenizer-uds.socket`;
/** Where the tokenizer sidecar sees the model storage (read-only). */
export const TOKENIZER_MODELS_MOUNT = "/models";

/** The port each vLLM pod binds its KV-events PUB socket on (vLLM's and the scorer's default). */
export const KV_EVENTS_PORT = 5557;
export const KV_EVENTS_TOPIC_PREFIX = "kv@";
/**
 * Tokens per KV block. The scorer hashes the prompt in blocks of this size and must agree with
 * vLLM's `--block-size` (the upstream sample and llm-d's guide use 64 on GPUs).
 */
export const KV_EVENTS_BLOCK_SIZE = 64;
/** vLLM's `PYTHONHASHSEED` and the scorer's `hashSeed` (upstream sample: "42"). */
export const KV_EVENTS_HASH_SEED = "42";

/**
 * The per-pod topic: `kv@<pod IP>:<engine port>@<served model>`. The scorer names a pod
 * `<address>:<port>` of its pool endpoint (precise_prefix_cache.go), so the pod id in the topic
 * must be exactly that. `$(VLLM_HOST_IP)` is the pod IP from the downward API (Kubernetes expands
 * `$(VAR)` in args), already set for vLLM (src/engines/vllm/index.ts).
 */
export function kvEventsTopic(enginePort: number, servedModelName: string): string {
  return `${KV_EVENTS_TOPIC_PREFIX}$(VLLM_HOST_IP):${enginePort}@${servedModelName}`;
}

/**
 * vLLM v0.18 flags for a deployment behind a precise route: `--kv-events-config` as JSON
 * (vllm/config/kv_events.py `KVEventsConfig`: `enable_kv_cache_events`, `publisher` "zmq",
 * `endpoint` to bind, `topic`) and `--block-size` equal to the scorer's block size.
 */
export function vllmKvEventsArgs(enginePort: number, servedModelName: string): string[] {
  const config = { enable_kv_cache_events: true, publisher: "zmq", endpoint: `tcp://*:${KV_EVENTS_PORT}`, topic: kvEventsTopic(enginePort, servedModelName) };
  return ["--kv-events-config", JSON.stringify(config), "--block-size", String(KV_EVENTS_BLOCK_SIZE)];
}

/** Flags the precise route sets on vLLM (so `extraArgs` cannot set them twice). */
export const KV_EVENTS_OWNED_FLAGS = ["--kv-events-config", "--block-size"] as const;

/** Where the tokenizer of a served model is found by the sidecar: the model's folder on the storage. */
export function tokenizerDirectory(modelDirectory: string): string {
  return `${TOKENIZER_MODELS_MOUNT}/${modelDirectory.replace(/^\/+|\/+$/g, "")}`;
}

/**
 * The scheduler's `EndpointPickerConfig` for a precise pool: upstream's sample
 * (deploy/config/epp-precise-prefix-cache-config.yaml at v0.8.0) with our weights — the precise
 * scorer takes the approximate scorer's weight 3, KV use and queue keep 2 — and the tokenizer read
 * from the model storage (`modelTokenizerMap`), so nothing is downloaded from Hugging Face.
 * `decode-filter` and `single-profile-handler` are upstream's sample's (no P/D split here).
 */
export function precisePickerConfig(servedModelName: string, modelDirectory: string, metricsPath = "/metrics"): Record<string, unknown> {
  const udsTokenizerConfig = { socketFile: UDS_SOCKET_FILE, modelTokenizerMap: { [servedModelName]: tokenizerDirectory(modelDirectory) } };
  const scorer = {
    type: "precise-prefix-cache-scorer",
    parameters: {
      tokenProcessorConfig: { blockSize: KV_EVENTS_BLOCK_SIZE, hashSeed: KV_EVENTS_HASH_SEED },
      indexerConfig: { tokenizersPoolConfig: { modelName: servedModelName, uds: udsTokenizerConfig }, kvBlockIndexConfig: { enableMetrics: true } },
      kvEventsConfig: { topicFilter: KV_EVENTS_TOPIC_PREFIX, discoverPods: true, podDiscoveryConfig: { socketPort: KV_EVENTS_PORT } },
    },
  };
  const weights = { "precise-prefix-cache-scorer": SCORER_WEIGHTS["prefix-cache-scorer"], "kv-cache-utilization-scorer": SCORER_WEIGHTS["kv-cache-utilization-scorer"], "queue-scorer": SCORER_WEIGHTS["queue-scorer"] };
  return {
    apiVersion: "inference.networking.x-k8s.io/v1alpha1",
    kind: "EndpointPickerConfig",
    plugins: [
      { type: "tokenizer", parameters: { modelName: servedModelName, udsTokenizerConfig } },
      { type: "endpoint-notification-source" },
      { type: "metrics-data-source", parameters: { scheme: "http", path: metricsPath, insecureSkipVerify: false } },
      { type: "core-metrics-extractor" },
      { type: "single-profile-handler" },
      { type: "decode-filter" },
      scorer,
      { type: "kv-cache-utilization-scorer" },
      { type: "queue-scorer" },
      { type: "max-score-picker" },
    ],
    dataLayer: {
      sources: [
        { pluginRef: "metrics-data-source", extractors: [{ pluginRef: "core-metrics-extractor" }] },
        { pluginRef: "endpoint-notification-source", extractors: [{ pluginRef: "precise-prefix-cache-scorer" }] },
      ],
    },
    schedulingProfiles: [
      {
        name: "default",
        plugins: [
          { pluginRef: "decode-filter" },
          { pluginRef: "tokenizer" },
          ...Object.entries(weights).map(([pluginRef, weight]) => ({ pluginRef, weight })),
          { pluginRef: "max-score-picker" },
        ],
      },
    ],
  };
}

export function precisePickerConfigText(servedModelName: string, modelDirectory: string, metricsPath = "/metrics"): string {
  // No YAML anchors: the tokenizer settings appear twice, written out both times.
  return stringify(precisePickerConfig(servedModelName, modelDirectory, metricsPath), { aliasDuplicateObjects: false });
}
