import type { CatalogueEntries } from "./entry.js";

const QWEN2_5 = {
  model_type: "qwen2",
  max_position_embeddings: 32768,
  use_sliding_window: false,
  torch_dtype: "bfloat16",
} as const;

const QWEN3 = {
  model_type: "qwen3",
  head_dim: 128,
  vocab_size: 151936,
  max_position_embeddings: 40960,
  attention_bias: false,
  use_sliding_window: false,
  torch_dtype: "bfloat16",
} as const;

const QWEN3_235B_A22B = {
  ...QWEN3,
  model_type: "qwen3_moe",
  hidden_size: 4096,
  num_hidden_layers: 94,
  num_attention_heads: 64,
  num_key_value_heads: 4,
  intermediate_size: 12288,
  moe_intermediate_size: 1536,
  num_experts: 128,
  num_experts_per_tok: 8,
  decoder_sparse_step: 1,
  mlp_only_layers: [],
  tie_word_embeddings: false,
} as const;

/** Qwen2.5 Instruct, Qwen3 and Qwen MoE models (config.json from the Qwen organisation on Hugging Face). */
export const QWEN_MODELS: CatalogueEntries = {
  "qwen2.5-0.5b-instruct": {
    repo: "Qwen/Qwen2.5-0.5B-Instruct",
    publishedParameters: 0.49e9,
    config: { ...QWEN2_5, hidden_size: 896, num_hidden_layers: 24, num_attention_heads: 14, num_key_value_heads: 2,
      intermediate_size: 4864, vocab_size: 151936, tie_word_embeddings: true },
  },
  "qwen2.5-1.5b-instruct": {
    repo: "Qwen/Qwen2.5-1.5B-Instruct",
    publishedParameters: 1.54e9,
    config: { ...QWEN2_5, hidden_size: 1536, num_hidden_layers: 28, num_attention_heads: 12, num_key_value_heads: 2,
      intermediate_size: 8960, vocab_size: 151936, tie_word_embeddings: true },
  },
  "qwen2.5-3b-instruct": {
    repo: "Qwen/Qwen2.5-3B-Instruct",
    publishedParameters: 3.09e9,
    config: { ...QWEN2_5, hidden_size: 2048, num_hidden_layers: 36, num_attention_heads: 16, num_key_value_heads: 2,
      intermediate_size: 11008, vocab_size: 151936, tie_word_embeddings: true },
  },
  "qwen2.5-7b-instruct": {
    repo: "Qwen/Qwen2.5-7B-Instruct",
    publishedParameters: 7.62e9,
    config: { ...QWEN2_5, hidden_size: 3584, num_hidden_layers: 28, num_attention_heads: 28, num_key_value_heads: 4,
      intermediate_size: 18944, vocab_size: 152064, tie_word_embeddings: false },
  },
  "qwen2.5-14b-instruct": {
    repo: "Qwen/Qwen2.5-14B-Instruct",
    publishedParameters: 14.7e9,
    config: { ...QWEN2_5, hidden_size: 5120, num_hidden_layers: 48, num_attention_heads: 40, num_key_value_heads: 8,
      intermediate_size: 13824, vocab_size: 152064, tie_word_embeddings: false },
  },
  "qwen2.5-32b-instruct": {
    repo: "Qwen/Qwen2.5-32B-Instruct",
    publishedParameters: 32.8e9,
    config: { ...QWEN2_5, hidden_size: 5120, num_hidden_layers: 64, num_attention_heads: 40, num_key_value_heads: 8,
      intermediate_size: 27648, vocab_size: 152064, tie_word_embeddings: false },
  },
  "qwen2.5-72b-instruct": {
    repo: "Qwen/Qwen2.5-72B-Instruct",
    publishedParameters: 72.7e9,
    config: { ...QWEN2_5, hidden_size: 8192, num_hidden_layers: 80, num_attention_heads: 64, num_key_value_heads: 8,
      intermediate_size: 29568, vocab_size: 152064, tie_word_embeddings: false },
  },
  "qwen3-0.6b": {
    repo: "Qwen/Qwen3-0.6B",
    publishedParameters: 0.6e9,
    config: { ...QWEN3, hidden_size: 1024, num_hidden_layers: 28, num_attention_heads: 16, num_key_value_heads: 8,
      intermediate_size: 3072, tie_word_embeddings: true },
  },
  "qwen3-1.7b": {
    repo: "Qwen/Qwen3-1.7B",
    publishedParameters: 1.7e9,
    config: { ...QWEN3, hidden_size: 2048, num_hidden_layers: 28, num_attention_heads: 16, num_key_value_heads: 8,
      intermediate_size: 6144, tie_word_embeddings: true },
  },
  "qwen3-4b": {
    repo: "Qwen/Qwen3-4B",
    publishedParameters: 4.0e9,
    config: { ...QWEN3, hidden_size: 2560, num_hidden_layers: 36, num_attention_heads: 32, num_key_value_heads: 8,
      intermediate_size: 9728, tie_word_embeddings: true },
  },
  "qwen3-8b": {
    repo: "Qwen/Qwen3-8B",
    publishedParameters: 8.19e9,
    config: { ...QWEN3, hidden_size: 4096, num_hidden_layers: 36, num_attention_heads: 32, num_key_value_heads: 8,
      intermediate_size: 12288, tie_word_embeddings: false },
  },
  "qwen3-14b": {
    repo: "Qwen/Qwen3-14B",
    publishedParameters: 14.8e9,
    config: { ...QWEN3, hidden_size: 5120, num_hidden_layers: 40, num_attention_heads: 40, num_key_value_heads: 8,
      intermediate_size: 17408, tie_word_embeddings: false },
  },
  "qwen3-32b": {
    repo: "Qwen/Qwen3-32B",
    publishedParameters: 32.8e9,
    config: { ...QWEN3, hidden_size: 5120, num_hidden_layers: 64, num_attention_heads: 64, num_key_value_heads: 8,
      intermediate_size: 25600, tie_word_embeddings: false },
  },
  "qwen3-30b-a3b": {
    repo: "Qwen/Qwen3-30B-A3B",
    publishedParameters: 30.5e9,
    config: { ...QWEN3, model_type: "qwen3_moe", hidden_size: 2048, num_hidden_layers: 48, num_attention_heads: 32,
      num_key_value_heads: 4, intermediate_size: 6144, moe_intermediate_size: 768, num_experts: 128,
      num_experts_per_tok: 8, decoder_sparse_step: 1, mlp_only_layers: [], tie_word_embeddings: false },
  },
  "qwen3-235b-a22b": {
    repo: "Qwen/Qwen3-235B-A22B",
    publishedParameters: 235e9,
    config: QWEN3_235B_A22B,
  },
  "qwen3-235b-a22b-fp8": {
    repo: "Qwen/Qwen3-235B-A22B-FP8",
    publishedParameters: 235e9,
    config: { ...QWEN3_235B_A22B,
      quantization_config: { quant_method: "fp8", fmt: "e4m3", activation_scheme: "dynamic", weight_block_size: [128, 128] } },
  },
  "qwen1.5-moe-a2.7b": {
    repo: "Qwen/Qwen1.5-MoE-A2.7B",
    publishedParameters: 14.3e9,
    config: { model_type: "qwen2_moe", hidden_size: 2048, num_hidden_layers: 24, num_attention_heads: 16,
      num_key_value_heads: 16, intermediate_size: 5632, moe_intermediate_size: 1408, shared_expert_intermediate_size: 5632,
      num_experts: 60, num_experts_per_tok: 4, decoder_sparse_step: 1, vocab_size: 151936, max_position_embeddings: 8192,
      tie_word_embeddings: false, use_sliding_window: false, torch_dtype: "bfloat16" },
  },
  "qwen2-57b-a14b-instruct": {
    repo: "Qwen/Qwen2-57B-A14B-Instruct",
    publishedParameters: 57.4e9,
    config: { model_type: "qwen2_moe", hidden_size: 3584, num_hidden_layers: 28, num_attention_heads: 28,
      num_key_value_heads: 4, intermediate_size: 18944, moe_intermediate_size: 2560, shared_expert_intermediate_size: 20480,
      num_experts: 64, num_experts_per_tok: 8, decoder_sparse_step: 1, vocab_size: 151936, max_position_embeddings: 32768,
      tie_word_embeddings: false, use_sliding_window: false, torch_dtype: "bfloat16" },
  },
};
