import { cachedModelPath } from "./nodeCache.js";
import type { InferenceDeploymentSpec } from "./spec.js";

function underVolume(mountPath: string, relative: string): string {
  const base = mountPath.replace(/\/+$/, "");
  const rest = relative.replace(/^\/+|\/+$/g, "");
  return rest === "" ? base || "/" : `${base}/${rest}`;
}

/** The deployment's folder on the read-only storage mount. */
export function storageModelPath(spec: Pick<InferenceDeploymentSpec, "volume" | "modelPath">): string {
  return underVolume(spec.volume.mountPath, spec.modelPath);
}

/**
 * Where the engine finds the checkpoint: the node disk's copy with `weightsCache: node-disk`, the
 * bucket's `s3://` URL for the Run:ai streamer, else the storage mount.
 */
export function modelPath(spec: Pick<InferenceDeploymentSpec, "volume" | "modelPath" | "weightsCache">): string {
  if (spec.weightsCache === "node-disk") return cachedModelPath(spec.modelPath);
  const store = spec.volume.objectStore;
  if (spec.weightsCache === "runai-streamer" && store !== undefined) {
    return `s3://${[store.bucket, store.prefix, spec.modelPath.replace(/^\/+|\/+$/g, "")].filter((part) => part !== "").join("/")}`;
  }
  return storageModelPath(spec);
}

/** Draft checkpoints for speculative decoding live on the same volume. */
export function draftModelPath(spec: Pick<InferenceDeploymentSpec, "volume">, draftModel: string): string {
  return underVolume(spec.volume.mountPath, draftModel);
}

/** `--dtype` spelling shared by vLLM, BladeLLM and SGLang; quantised weights leave activations to the engine. */
export function activationDtypeFlag(dtype: InferenceDeploymentSpec["plan"]["model"]["dtype"]): "bfloat16" | "float16" | null {
  if (dtype === "bf16") return "bfloat16";
  if (dtype === "fp16") return "float16";
  return null;
}
