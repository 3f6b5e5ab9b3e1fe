import type { ModelArchitecture, WeightDtype } from "./types.js";

/** Bytes per quantised weight, before group scales. */
const BYTES_PER_WEIGHT: Readonly<Record<WeightDtype, number>> = {
  bf16: 2,
  fp16: 2,
  fp8: 1,
  int8: 1,
  int4: 0.5,
};

/** Layers quantised checkpoints keep at 16 bits (embeddings, lm_head, norms, routers, biases). */
const UNQUANTIZED_BYTES = 2;

/** AWQ/GPTQ group size when the checkpoint does not say. */
const DEFAULT_INT4_GROUP_SIZE = 128;

/** AWQ/GPTQ store one fp16 scale (2 B) and one packed 4-bit zero point (0.5 B) per group. */
const INT4_GROUP_OVERHEAD_BYTES = 2.5;

/** Bytes per quantised weight at `dtype`, including int4 group scales and zero points. */
function bytesPerQuantizedWeight(arch: ModelArchitecture, dtype: WeightDtype): number {
  if (dtype !== "int4") return BYTES_PER_WEIGHT[dtype];
  const groupSize = arch.quantization?.bits === 4 ? arch.quantization.groupSize : null;
  return BYTES_PER_WEIGHT.int4 + INT4_GROUP_OVERHEAD_BYTES / (groupSize ?? DEFAULT_INT4_GROUP_SIZE);
}

/**
 * Bytes of the model's weights served at `dtype` (whole model, unsharded): 2 B per parameter at bf16/fp16; at fp8 and
 * int8 1 B, at int4 0.5 B plus group scales (≈ 0.52 B at group 128) for the linear layers, while
 * `unquantizedParameters` (embeddings, lm_head, norms, router) stay at 2 B. fp8 block scales (4 B per 128 × 128
 * block) are negligible and left out. Excludes DeepSeek's MTP module, which engines load only for MTP decoding.
 */
export function weightBytes(arch: ModelArchitecture, dtype: WeightDtype): number {
  if (dtype === "bf16" || dtype === "fp16") return arch.parameters * BYTES_PER_WEIGHT[dtype];
  const quantized = arch.parameters - arch.unquantizedParameters;
  return quantized * bytesPerQuantizedWeight(arch, dtype) + arch.unquantizedParameters * UNQUANTIZED_BYTES;
}
