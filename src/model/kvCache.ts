import { LlmfleetError } from "../errors/index.js";
import type { KvCacheDtype, ModelArchitecture } from "./types.js";

function requirePositiveInteger(field: string, value: number, meaning: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new LlmfleetError(field, value, `${meaning} must be a positive integer`, "use 1 or more");
  }
}

function requirePositiveBytes(kvBytes: number): void {
  if (!Number.isFinite(kvBytes) || kvBytes <= 0) {
    throw new LlmfleetError("kvBytes", kvBytes, "bytes per KV element must be positive", "use 2 (bf16/fp16) or 1 (fp8)");
  }
}

/** Bytes per KV-cache element: `auto` keeps the 16-bit compute dtype (2 B), `fp8` halves it. */
export function kvCacheElementBytes(kvDtype: KvCacheDtype): number {
  return kvDtype === "fp8" ? 1 : 2;
}

/** KV values one layer stores per token on one GPU when attention is split `tensorParallel` ways. */
function kvElementsPerLayer(arch: ModelArchitecture, tensorParallel: number): number {
  // MLA caches one latent plus the rope key, shared by all heads: every TP rank holds all of it.
  if (arch.mla) return arch.mla.kvLoraRank + arch.mla.qkRopeHeadDim;
  // With fewer KV heads than ranks, heads are replicated: each rank still holds at least one.
  const kvHeadsPerGpu = Math.max(1, Math.ceil(arch.kvHeads / tensorParallel));
  return 2 * kvHeadsPerGpu * arch.headDim;
}

/**
 * KV-cache bytes per token for the whole, unsharded model: 2 × layers × kvHeads × headDim × kvBytes for GQA/MHA
 * (Llama-3.1-8B at 2 B: 131072), layers × (kv_lora_rank + qk_rope_head_dim) × kvBytes for MLA (DeepSeek-V3: 70272).
 * Sliding windows are not applied here: a windowed layer still costs this much per token it keeps.
 *
 * @param kvBytes bytes per cached element (2 for bf16/fp16, 1 for fp8; see `kvCacheElementBytes`).
 */
export function kvBytesPerToken(arch: ModelArchitecture, kvBytes: number): number {
  requirePositiveBytes(kvBytes);
  return arch.layers * kvElementsPerLayer(arch, 1) * kvBytes;
}

/**
 * KV-cache bytes per token on one GPU of a `tensorParallel` × `pipelineParallel` deployment:
 * 2 × ceil(layers / PP) × max(1, kvHeads / TP) × headDim × kvBytes; MLA is not divided by TP.
 * The busiest pipeline stage (ceil) sets the budget.
 */
export function kvBytesPerTokenPerGpu(
  arch: ModelArchitecture,
  kvBytes: number,
  tensorParallel: number,
  pipelineParallel: number,
): number {
  requirePositiveBytes(kvBytes);
  requirePositiveInteger("tensorParallel", tensorParallel, "tensor parallelism");
  requirePositiveInteger("pipelineParallel", pipelineParallel, "pipeline parallelism");
  const layersPerStage = Math.ceil(arch.layers / pipelineParallel);
  return layersPerStage * kvElementsPerLayer(arch, tensorParallel) * kvBytes;
}
