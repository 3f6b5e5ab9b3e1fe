import { z } from "zod";
import { LlmfleetError } from "../errors/index.js";
import type { CheckpointQuantization, ModelArchitecture, WeightDtype } from "./types.js";

const bits = z.number().int().min(1).max(32);
/** GPTQ writes -1 for "one group per row" (no grouping). */
const groupSize = z.number().int().min(-1).max(1 << 20);
const blockEdge = z.number().int().min(1).max(1 << 20);

const compressedTensorsGroupSchema = z.object({
  weights: z
    .object({
      num_bits: bits,
      type: z.string().nullish(),
      group_size: groupSize.nullish(),
      block_structure: z.array(blockEdge).nullish(),
    })
    .nullish(),
});

/** The `quantization_config` keys llmfleet reads; others are ignored. */
export const quantizationConfigSchema = z.object({
  quant_method: z.string(),
  bits: bits.nullish(),
  group_size: groupSize.nullish(),
  weight_block_size: z.array(blockEdge).nullish(),
  config_groups: z.record(z.string(), compressedTensorsGroupSchema).nullish(),
});
export type QuantizationConfig = z.output<typeof quantizationConfigSchema>;

const SUPPORTED_METHODS = ["fp8", "fbgemm_fp8", "awq", "gptq", "compressed-tensors"] as const;
const DEFAULT_GROUP_SIZE = 128;

function positiveGroup(size: number | null | undefined, fallback: number | null): number | null {
  if (size === undefined || size === null) return fallback;
  return size > 0 ? size : null;
}

/** First weight scheme of a compressed-tensors checkpoint; llmfleet assumes one scheme covers all linear layers. */
function readCompressedTensors(config: QuantizationConfig): CheckpointQuantization {
  const groups = Object.values(config.config_groups ?? {});
  const weights = groups.find((group) => group.weights)?.weights;
  if (!weights) {
    throw new LlmfleetError(
      "config.quantization_config.config_groups",
      config.config_groups,
      "a compressed-tensors checkpoint without a weight scheme cannot be sized",
      "use a checkpoint whose config_groups describe `weights` (num_bits, type), or an unquantised checkpoint",
    );
  }
  const blockSize = weights.block_structure?.[0];
  return {
    method: config.quant_method,
    bits: weights.num_bits,
    groupSize: positiveGroup(weights.group_size ?? blockSize, null),
    weightType: weights.type === "float" ? "float" : "int",
  };
}

/**
 * Normalises a `quantization_config` block: fp8 (DeepSeek-V3, Qwen3-*-FP8 with `weight_block_size` [128, 128]),
 * Meta's `fbgemm_fp8`, AWQ/GPTQ (`bits`, `group_size`, default 4 bits in groups of 128) and, best effort, the first
 * weight scheme of compressed-tensors.
 */
export function readQuantization(config: QuantizationConfig | null | undefined): CheckpointQuantization | null {
  if (!config) return null;
  switch (config.quant_method) {
    case "fp8":
    case "fbgemm_fp8":
      return { method: config.quant_method, bits: 8, groupSize: config.weight_block_size?.[0] ?? null, weightType: "float" };
    case "awq":
    case "gptq":
      return {
        method: config.quant_method,
        bits: config.bits ?? 4,
        groupSize: positiveGroup(config.group_size, DEFAULT_GROUP_SIZE),
        weightType: "int",
      };
    case "compressed-tensors":
      return readCompressedTensors(config);
    default:
      throw new LlmfleetError(
        "config.quantization_config.quant_method",
        config.quant_method,
        "llmfleet cannot size checkpoints quantised this way",
        `use an unquantised checkpoint or one quantised with ${SUPPORTED_METHODS.join(", ")}`,
      );
  }
}

/**
 * The weight dtype a checkpoint is served at by default: fp8 checkpoints → `fp8`, 4-bit AWQ/GPTQ (or fewer bits) →
 * `int4`, other 8-bit schemes → `int8`; null for unquantised checkpoints, where the caller picks bf16 or fp16 by GPU.
 */
export function defaultDtypeForCheckpoint(arch: ModelArchitecture): WeightDtype | null {
  const quantization = arch.quantization;
  if (!quantization) return null;
  if (quantization.bits <= 4) return "int4";
  if (quantization.bits <= 8) return quantization.weightType === "float" ? "fp8" : "int8";
  return null;
}
