import type { CatalogueEntries } from "./entry.js";

/** DeepSeek-V3 and R1 share one architecture and ship as fp8 with 128 × 128 weight blocks. */
const DEEPSEEK_V3 = {
  model_type: "deepseek_v3",
  hidden_size: 7168,
  num_hidden_layers: 61,
  num_attention_heads: 128,
  num_key_value_heads: 128,
  intermediate_size: 18432,
  moe_intermediate_size: 2048,
  n_routed_experts: 256,
  n_shared_experts: 1,
  num_experts_per_tok: 8,
  first_k_dense_replace: 3,
  moe_layer_freq: 1,
  q_lora_rank: 1536,
  kv_lora_rank: 512,
  qk_nope_head_dim: 128,
  qk_rope_head_dim: 64,
  v_head_dim: 128,
  num_nextn_predict_layers: 1,
  vocab_size: 129280,
  max_position_embeddings: 163840,
  tie_word_embeddings: false,
  torch_dtype: "bfloat16",
  quantization_config: { quant_method: "fp8", fmt: "e4m3", activation_scheme: "dynamic", weight_block_size: [128, 128] },
} as const;

/**
 * DeepSeek MLA + MoE models. `publishedParameters` is the 671B of the main model; the Hugging Face card's 685B adds
 * the 14B multi-token-prediction module (`mtpParameters`).
 */
export const DEEPSEEK_MODELS: CatalogueEntries = {
  "deepseek-v3": { repo: "deepseek-ai/DeepSeek-V3", publishedParameters: 671e9, config: DEEPSEEK_V3 },
  "deepseek-r1": { repo: "deepseek-ai/DeepSeek-R1", publishedParameters: 671e9, config: DEEPSEEK_V3 },
  "deepseek-v2-lite-chat": {
    repo: "deepseek-ai/DeepSeek-V2-Lite-Chat",
    publishedParameters: 15.7e9,
    config: { model_type: "deepseek_v2", hidden_size: 2048, num_hidden_layers: 27, num_attention_heads: 16,
      num_key_value_heads: 16, intermediate_size: 10944, moe_intermediate_size: 1408, n_routed_experts: 64,
      n_shared_experts: 2, num_experts_per_tok: 6, first_k_dense_replace: 1, moe_layer_freq: 1, q_lora_rank: null,
      kv_lora_rank: 512, qk_nope_head_dim: 128, qk_rope_head_dim: 64, v_head_dim: 128, vocab_size: 102400,
      max_position_embeddings: 163840, tie_word_embeddings: false, torch_dtype: "bfloat16" },
  },
};
