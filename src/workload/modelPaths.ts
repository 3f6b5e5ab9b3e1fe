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

/** Where the engine finds the checkpoint: the node disk's copy with `weightsCache: node-disk`, else the storage mount. */
export function modelPath(spec: Pick<InferenceDeploymentSpec, "volume" | "modelPath" | "weightsCache">): string {
  return spec.weightsCache === "node-disk" ? cachedModelPath(spec.modelPath) : storageModelPath(spec);
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
