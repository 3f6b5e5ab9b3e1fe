import type { Engine } from "../../planner/types.js";
import type { InferenceDeploymentSpec } from "../spec.js";

/** What differs between engines for the pod around them. */
export interface EngineProfile {
  readonly containerName: string;
  /** Port of the OpenAI-compatible API (which also serves `/metrics`); null for batch jobs. */
  readonly port: number | null;
  /** How the kubelet checks the engine: an HTTP health path, or only that the port accepts connections. */
  readonly health: { readonly kind: "http"; readonly path: string } | { readonly kind: "tcp" };
  /** The engine's writable paths are known and redirected to volumes. */
  readonly readOnlyRootFilesystem: boolean;
}

export const ENGINE_PROFILES: Readonly<Record<Engine, EngineProfile>> = {
  vllm: { containerName: "vllm", port: 8000, health: { kind: "http", path: "/health" }, readOnlyRootFilesystem: true },
  // BladeLLM documents no health endpoint; its server listens only once the model is loaded.
  bladellm: { containerName: "bladellm", port: 8081, health: { kind: "tcp" }, readOnlyRootFilesystem: false },
  // sshd writes its pid and host keys on the root filesystem.
  horovod: { containerName: "horovod", port: null, health: { kind: "tcp" }, readOnlyRootFilesystem: false },
};

function underVolume(mountPath: string, relative: string): string {
  const base = mountPath.replace(/\/+$/, "");
  const rest = relative.replace(/^\/+|\/+$/g, "");
  return rest === "" ? base || "/" : `${base}/${rest}`;
}

/** Where the engine finds the checkpoint: the volume's sub-path under its mount. */
export function modelPath(spec: Pick<InferenceDeploymentSpec, "volume">): string {
  return underVolume(spec.volume.mountPath, spec.volume.subPath);
}

/** Draft checkpoints for speculative decoding live on the same volume. */
export function draftModelPath(spec: Pick<InferenceDeploymentSpec, "volume">, draftModel: string): string {
  return underVolume(spec.volume.mountPath, draftModel);
}

/** `--dtype` spelling shared by vLLM and BladeLLM; quantised weights leave activations to the engine. */
export function activationDtypeFlag(dtype: InferenceDeploymentSpec["plan"]["model"]["dtype"]): "bfloat16" | "float16" | null {
  if (dtype === "bf16") return "bfloat16";
  if (dtype === "fp16") return "float16";
  return null;
}
