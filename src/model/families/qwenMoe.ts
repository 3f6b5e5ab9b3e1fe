import { z } from "zod";
import { parseWith } from "../../errors/index.js";
import { readCheckpoint } from "../checkpointFields.js";
import { count, dimension } from "../dimension.js";
import { LLAMA_STYLE_LAYERS } from "../modelShape.js";
import type { FamilyReader } from "../modelShape.js";
import { readSlidingWindow } from "../slidingWindow.js";
import { decoderDimensions, decoderFields, readDecoderHeads } from "./decoderFields.js";

const qwenMoeSchema = z.object({
  ...decoderFields,
  num_experts: dimension,
  num_experts_per_tok: dimension.nullish(),
  moe_intermediate_size: dimension,
  shared_expert_intermediate_size: count.nullish(),
  decoder_sparse_step: dimension.nullish(),
  mlp_only_layers: z.array(count).nullish(),
});

/**
 * Layers whose MLP is dense in a qwen MoE: those listed in `mlp_only_layers` and those that
 * `decoder_sparse_step` skips (layer i is sparse when (i + 1) % step == 0).
 */
function countDenseLayers(layers: number, sparseStep: number, mlpOnlyLayers: readonly number[]): number {
  const mlpOnly = new Set(mlpOnlyLayers);
  let dense = 0;
  for (let layer = 0; layer < layers; layer += 1) {
    if (mlpOnly.has(layer) || (layer + 1) % sparseStep !== 0) dense += 1;
  }
  return dense;
}

interface QwenMoeTraits {
  readonly family: "qwen2_moe" | "qwen3_moe";
  /** Hugging Face default for `num_experts_per_tok`. */
  readonly defaultExpertsPerToken: number;
}

function qwenMoeReader(traits: QwenMoeTraits): FamilyReader {
  const qwen3 = traits.family === "qwen3_moe";
  return (input) => {
    const config = parseWith(qwenMoeSchema, input, "config");
    // Qwen3-MoE dropped the shared expert; ignore the key should a converted config still carry it.
    const sharedWidth = qwen3 ? 0 : (config.shared_expert_intermediate_size ?? 0);
    const attentionBias = qwen3 ? (config.attention_bias ?? false) : true;
    return {
      shape: {
        family: traits.family,
        ...decoderDimensions(config, readDecoderHeads(config, qwen3 ? 128 : null)),
        attentionBias,
        slidingWindow: readSlidingWindow(config, "qwen"),
        moe: {
          experts: config.num_experts,
          expertsPerToken: config.num_experts_per_tok ?? traits.defaultExpertsPerToken,
          expertIntermediateSize: config.moe_intermediate_size,
          sharedExpertIntermediateSize: sharedWidth,
          denseLayers: countDenseLayers(
            config.num_hidden_layers,
            config.decoder_sparse_step ?? 1,
            config.mlp_only_layers ?? [],
          ),
        },
        mla: null,
        ...readCheckpoint(config, false),
      },
      layers: {
        ...LLAMA_STYLE_LAYERS,
        outputProjectionBias: qwen3 && attentionBias,
        qkNorm: qwen3,
        sharedExpertGate: sharedWidth > 0,
      },
    };
  };
}

/** Qwen1.5-MoE / Qwen2-MoE: routed experts plus one gated shared expert, q/k/v biases. */
export const readQwen2Moe = qwenMoeReader({ family: "qwen2_moe", defaultExpertsPerToken: 4 });

/** Qwen3-MoE: routed experts only, q_norm/k_norm, `head_dim` 128. */
export const readQwen3Moe = qwenMoeReader({ family: "qwen3_moe", defaultExpertsPerToken: 8 });
