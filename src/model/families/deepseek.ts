import { z } from "zod";
import { parseWith } from "../../errors/index.js";
import { readAttentionHeads } from "../attentionHeads.js";
import { readCheckpoint } from "../checkpointFields.js";
import { count, dimension } from "../dimension.js";
import { LLAMA_STYLE_LAYERS } from "../modelShape.js";
import type { FamilyReader } from "../modelShape.js";
import type { MoeShape } from "../types.js";
import { decoderDimensions, decoderFields } from "./decoderFields.js";

const deepseekSchema = z.object({
  ...decoderFields,
  n_routed_experts: dimension,
  n_shared_experts: count.nullish(),
  num_experts_per_tok: dimension.nullish(),
  moe_intermediate_size: dimension,
  first_k_dense_replace: count.nullish(),
  moe_layer_freq: dimension.nullish(),
  q_lora_rank: dimension.nullish(),
  kv_lora_rank: dimension,
  qk_nope_head_dim: dimension,
  qk_rope_head_dim: dimension,
  v_head_dim: dimension,
  num_nextn_predict_layers: count.nullish(),
});
type DeepseekConfig = z.output<typeof deepseekSchema>;

/** Hugging Face DeepseekV3Config default for `num_experts_per_tok`. */
const DEFAULT_EXPERTS_PER_TOKEN = 8;

/** Layer i uses experts when i ≥ `first_k_dense_replace` and i % `moe_layer_freq` == 0 (as in the HF modelling code). */
function readMoe(config: DeepseekConfig): MoeShape {
  const firstSparse = config.first_k_dense_replace ?? 0;
  const frequency = config.moe_layer_freq ?? 1;
  let sparseLayers = 0;
  for (let layer = firstSparse; layer < config.num_hidden_layers; layer += 1) {
    if (layer % frequency === 0) sparseLayers += 1;
  }
  return {
    experts: config.n_routed_experts,
    expertsPerToken: config.num_experts_per_tok ?? DEFAULT_EXPERTS_PER_TOKEN,
    expertIntermediateSize: config.moe_intermediate_size,
    sharedExpertIntermediateSize: (config.n_shared_experts ?? 0) * config.moe_intermediate_size,
    denseLayers: config.num_hidden_layers - sparseLayers,
  };
}

function deepseekReader(family: "deepseek_v2" | "deepseek_v3"): FamilyReader {
  return (input) => {
    const config = parseWith(deepseekSchema, input, "config");
    // MLA heads have their own widths, so hidden_size need not divide by the head count.
    const headDim = config.qk_nope_head_dim + config.qk_rope_head_dim;
    const heads = readAttentionHeads({
      hiddenSize: config.hidden_size,
      attentionHeads: config.num_attention_heads,
      kvHeads: config.num_key_value_heads,
      headDim,
    });
    return {
      shape: {
        family,
        ...decoderDimensions(config, heads),
        attentionBias: config.attention_bias ?? false,
        slidingWindow: null,
        moe: readMoe(config),
        mla: {
          kvLoraRank: config.kv_lora_rank,
          qLoraRank: config.q_lora_rank ?? null,
          qkNopeHeadDim: config.qk_nope_head_dim,
          qkRopeHeadDim: config.qk_rope_head_dim,
          vHeadDim: config.v_head_dim,
        },
        ...readCheckpoint(config, false),
      },
      layers: {
        ...LLAMA_STYLE_LAYERS,
        outputProjectionBias: config.attention_bias ?? false,
        routerBias: family === "deepseek_v3",
        mtpLayers: config.num_nextn_predict_layers ?? 0,
      },
    };
  };
}

/** DeepSeek-V2 (and V2-Lite, whose `q_lora_rank` is null): MLA attention, routed plus shared experts. */
export const readDeepseekV2 = deepseekReader("deepseek_v2");

/** DeepSeek-V3 / R1: as V2, plus a router score-correction bias and the multi-token-prediction module. */
export const readDeepseekV3 = deepseekReader("deepseek_v3");
