import { z } from "zod";
import { parseWith } from "../../errors/index.js";
import { readCheckpoint } from "../checkpointFields.js";
import { LLAMA_STYLE_LAYERS } from "../modelShape.js";
import type { FamilyReader } from "../modelShape.js";
import { readSlidingWindow } from "../slidingWindow.js";
import type { SlidingWindowRule } from "../slidingWindow.js";
import { decoderDimensions, decoderFields, readDecoderHeads } from "./decoderFields.js";

const denseSchema = z.object({ ...decoderFields, mlp_bias: z.boolean().nullish() });
type DenseConfig = z.output<typeof denseSchema>;

/** How one dense family differs from plain llama, following its Hugging Face modelling code. */
interface DenseFamilyTraits {
  readonly family: "llama" | "mistral" | "qwen2" | "qwen3";
  /** q/k/v biases: qwen2 always has them; llama and qwen3 follow `attention_bias`; mistral never. */
  readonly qkvBias: (config: DenseConfig) => boolean;
  /** o_proj bias: llama and qwen3 follow `attention_bias`. */
  readonly outputBias: (config: DenseConfig) => boolean;
  readonly qkNorm: boolean;
  /** `head_dim` when config.json omits it and the config class has a default (Qwen3Config: 128). */
  readonly defaultHeadDim: number | null;
  /** null: the family has no sliding window. */
  readonly slidingWindow: SlidingWindowRule | null;
}

const followsAttentionBias = (config: DenseConfig): boolean => config.attention_bias ?? false;
const never = (): boolean => false;

/** Reads a dense llama-style config with the given family traits. */
function denseReader(traits: DenseFamilyTraits): FamilyReader {
  return (input) => {
    const config = parseWith(denseSchema, input, "config");
    const mlpBias = config.mlp_bias ?? false;
    return {
      shape: {
        family: traits.family,
        ...decoderDimensions(config, readDecoderHeads(config, traits.defaultHeadDim)),
        attentionBias: traits.qkvBias(config),
        slidingWindow: traits.slidingWindow ? readSlidingWindow(config, traits.slidingWindow) : null,
        moe: null,
        mla: null,
        ...readCheckpoint(config, false),
      },
      layers: { ...LLAMA_STYLE_LAYERS, outputProjectionBias: traits.outputBias(config), qkNorm: traits.qkNorm, mlpBias },
    };
  };
}

/** Llama 2/3.x: optional `attention_bias` (q/k/v/o) and `mlp_bias`. */
export const readLlama = denseReader({
  family: "llama",
  qkvBias: followsAttentionBias,
  outputBias: followsAttentionBias,
  qkNorm: false,
  defaultHeadDim: null,
  slidingWindow: null,
});

/** Mistral: no biases; `sliding_window` applies to every layer whenever it is non-null (v0.1: 4096). */
export const readMistral = denseReader({
  family: "mistral",
  qkvBias: never,
  outputBias: never,
  qkNorm: false,
  defaultHeadDim: null,
  slidingWindow: "when-set",
});

/** Qwen2/Qwen2.5: q/k/v biases, no o_proj bias. */
export const readQwen2 = denseReader({
  family: "qwen2",
  qkvBias: () => true,
  outputBias: never,
  qkNorm: false,
  defaultHeadDim: null,
  slidingWindow: "qwen",
});

/** Qwen3: q_norm/k_norm per head, explicit `head_dim` (128) independent of hidden / heads. */
export const readQwen3 = denseReader({
  family: "qwen3",
  qkvBias: followsAttentionBias,
  outputBias: followsAttentionBias,
  qkNorm: true,
  defaultHeadDim: 128,
  slidingWindow: "qwen",
});
