import { LlmfleetError } from "../errors/index.js";
import type { GpuModel } from "../gpu/types.js";
import { defaultDtypeForCheckpoint } from "../model/index.js";
import type { KvCacheDtype, ModelArchitecture, WeightDtype } from "../model/types.js";

/** The serving precisions after `auto` is resolved against the checkpoint and the GPU. */
export interface ServingDtypes {
  readonly dtype: WeightDtype;
  /** Precision of the KV cache: fp8, or the activation dtype (bf16/fp16). */
  readonly kvCacheDtype: "fp8" | "bf16" | "fp16";
  readonly kvBytes: number;
  /** vLLM `--quantization` value when weights are quantised on the fly or by the checkpoint; null otherwise. */
  readonly quantization: string | null;
  /** Quantisation group / block size that constrains tensor parallelism; null when none. */
  readonly quantGroupSize: number | null;
  readonly warnings: readonly string[];
}

const BF16_MIN_CC = 8.0;
const FP8_W8A8_MIN_CC = 8.9;
const INT4_MIN_CC = 7.5;

/** The 16-bit activation dtype the GPU computes in. */
function activationDtype(gpu: GpuModel): "bf16" | "fp16" {
  return gpu.bf16 ? "bf16" : "fp16";
}

/**
 * Resolves `auto`, checks the GPU can run the requested precision (compute capability) and that a
 * quantised precision has a matching checkpoint.
 */
export function resolveServingDtypes(
  model: ModelArchitecture,
  gpu: GpuModel,
  requested: WeightDtype | "auto",
  requestedKv: KvCacheDtype,
): ServingDtypes {
  const warnings: string[] = [];
  const checkpointDtype = defaultDtypeForCheckpoint(model);
  const dtype: WeightDtype = requested === "auto" ? (checkpointDtype ?? activationDtype(gpu)) : requested;

  if (checkpointDtype !== null && dtype !== checkpointDtype) {
    throw new LlmfleetError(
      "dtype",
      requested,
      `the ${model.id} checkpoint is quantised to ${checkpointDtype} (${model.quantization?.method ?? "quantization_config"}) and cannot be served at ${dtype}`,
      `use --dtype ${checkpointDtype} (or auto), or point --model at the unquantised checkpoint`,
    );
  }
  if (checkpointDtype === null && (dtype === "int8" || dtype === "int4")) {
    throw new LlmfleetError(
      "dtype",
      requested,
      `${dtype} serving needs a checkpoint quantised ahead of time (AWQ/GPTQ), and ${model.id} is not`,
      "use --dtype fp8 for on-the-fly quantisation, bf16/fp16, or a quantised checkpoint's config.json",
    );
  }
  if (requested === "bf16" && !gpu.bf16) {
    throw new LlmfleetError(
      "dtype",
      requested,
      `${gpu.name} (compute capability ${gpu.computeCapability}) cannot compute in bf16, which needs compute capability ≥ ${BF16_MIN_CC.toFixed(1)}`,
      `use fp16, or auto (which serves fp16 on ${gpu.name}), or choose an A10, A100, L20 or H20 GPU`,
    );
  }
  if (requested === "auto" && checkpointDtype === null && model.checkpointDtype === "bf16" && !gpu.bf16) {
    // What vLLM does with dtype auto on such a GPU; bf16 weights beyond fp16's range (±65504) overflow.
    warnings.push(
      `${model.id}'s checkpoint is bf16 and ${gpu.name} (compute capability ${gpu.computeCapability}) has no bf16: serving in fp16, ` +
        "where values beyond fp16's range overflow; check the output quality, or choose an A10, A100, L20 or H20 GPU",
    );
  }
  if (dtype === "fp8") {
    if (gpu.computeCapability < BF16_MIN_CC) {
      throw new LlmfleetError(
        "dtype",
        requested,
        `fp8 weights need compute capability ≥ ${BF16_MIN_CC} and ${gpu.name} has ${gpu.computeCapability}`,
        "serve at fp16, or choose an A10/A100/L20/H20 GPU",
      );
    }
    if (gpu.computeCapability < FP8_W8A8_MIN_CC) {
      warnings.push(`${gpu.name} has no fp8 tensor cores: fp8 weights run weight-only (Marlin), saving memory but not compute`);
    }
  }
  if ((dtype === "int4" || dtype === "int8") && gpu.computeCapability < INT4_MIN_CC) {
    throw new LlmfleetError(
      "dtype",
      requested,
      `${dtype} kernels (AWQ/GPTQ Marlin, W8A8) need compute capability ≥ ${INT4_MIN_CC} and ${gpu.name} has ${gpu.computeCapability}`,
      "serve at fp16 on this GPU, or choose a T4/A10/L20 or newer GPU",
    );
  }

  const kvCacheDtype = requestedKv === "fp8" ? "fp8" : activationDtype(gpu);
  const quantization =
    model.quantization !== null ? model.quantization.method : dtype === "fp8" ? "fp8" : null;
  return {
    dtype,
    kvCacheDtype,
    kvBytes: kvCacheDtype === "fp8" ? 1 : 2,
    quantization,
    quantGroupSize: model.quantization?.groupSize ?? null,
    warnings,
  };
}
