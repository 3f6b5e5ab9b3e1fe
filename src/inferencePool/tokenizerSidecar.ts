import type { RegistryMirror } from "../registry/index.js";
import { mirroredImage } from "../registry/index.js";
import { containerSecurityContext } from "../workload/securityContext.js";
import { TOKENIZER_MODELS_MOUNT, UDS_SOCKET_DIR, UDS_TOKENIZER_HEALTH_PORT, UDS_TOKENIZER_IMAGE, UDS_TOKENIZER_UID } from "./precisePrefix.js";
import type { PoolBackend } from "./spec.js";

/**
 * The UDS tokenizer sidecar of a precise picker (llm-d-inference-scheduler v0.8.0
 * deploy/components/inference-gateway/deployments.yaml `uds-tokenizer`; llm-d-kv-cache v0.7.1
 * services/uds_tokenizer/README.md). It listens on `/tmp/tokenizer/tokenizer-uds.socket`, shared
 * with the picker through an `emptyDir`, and answers health on 8082 `/healthz`.
 *
 * Where the tokenizer files come from: upstream downloads them from Hugging Face (or ModelScope with
 * `USE_MODELSCOPE=true`) into an `emptyDir`. A fleet in China, or without egress, cannot rely on
 * either, and the files are already next to the weights: the sidecar mounts the deployment's model
 * storage read-only, and the picker's `modelTokenizerMap` points the served model at its folder.
 * A local path is loaded with `AutoTokenizer.from_pretrained(path)` without any download
 * (tokenizer_service/tokenizer.py `_create_tokenizer`); `HF_HUB_OFFLINE` makes sure of it.
 */
export const TOKENIZER_CONTAINER = "uds-tokenizer";
export const TOKENIZER_RESOURCES = { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "4Gi" } } as const;
export const TOKENIZER_REQUESTS = { cpuMillis: 500, memoryMiB: 1024 } as const;

export function tokenizerContainer(registry: RegistryMirror | undefined): Record<string, unknown> {
  const health = { httpGet: { path: "/healthz", port: UDS_TOKENIZER_HEALTH_PORT } };
  return {
    name: TOKENIZER_CONTAINER,
    image: mirroredImage(UDS_TOKENIZER_IMAGE, registry),
    imagePullPolicy: "IfNotPresent",
    env: [
      { name: "LOG_LEVEL", value: "INFO" },
      { name: "PROBE_PORT", value: String(UDS_TOKENIZER_HEALTH_PORT) },
      { name: "HF_HUB_OFFLINE", value: "1" },
      { name: "TRANSFORMERS_OFFLINE", value: "1" },
      { name: "HOME", value: "/tmp" },
    ],
    ports: [{ name: "tokenizer-health", containerPort: UDS_TOKENIZER_HEALTH_PORT, protocol: "TCP" }],
    // Python and transformers take a while to import; liveness counts only once it listens.
    startupProbe: { ...health, periodSeconds: 2, failureThreshold: 60 },
    livenessProbe: { ...health, periodSeconds: 10 },
    readinessProbe: { ...health, initialDelaySeconds: 5, periodSeconds: 5 },
    resources: TOKENIZER_RESOURCES,
    securityContext: containerSecurityContext({ runAsUser: UDS_TOKENIZER_UID, readOnlyRootFilesystem: true, addCapabilities: [] }),
    volumeMounts: [
      { name: "tmp", mountPath: "/tmp", subPath: "tokenizer-home" },
      { name: "tokenizer-socket", mountPath: UDS_SOCKET_DIR },
      { name: "model-storage", mountPath: TOKENIZER_MODELS_MOUNT, readOnly: true },
    ],
  };
}

/** The sidecar's volumes: the socket directory and the model storage, read-only. */
export function tokenizerVolumes(pool: PoolBackend): Record<string, unknown>[] {
  if (pool.tokenizerSource === undefined) return [];
  return [
    { name: "tokenizer-socket", emptyDir: { sizeLimit: "1Mi" } },
    { name: "model-storage", persistentVolumeClaim: { claimName: pool.tokenizerSource.claimName, readOnly: true } },
  ];
}
