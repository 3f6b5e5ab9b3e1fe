import type { CatalogueEntries } from "./entry.js";

const LLAMA_3 = {
  model_type: "llama",
  vocab_size: 128256,
  max_position_embeddings: 131072,
  attention_bias: false,
  mlp_bias: false,
  tie_word_embeddings: false,
  torch_dtype: "bfloat16",
} as const;

const LLAMA_3_70B = {
  ...LLAMA_3,
  hidden_size: 8192,
  num_hidden_layers: 80,
  num_attention_heads: 64,
  num_key_value_heads: 8,
  intermediate_size: 28672,
} as const;

/** Meta Llama 3.1 / 3.3 Instruct models (config.json from the meta-llama organisation on Hugging Face). */
export const LLAMA_MODELS: CatalogueEntries = {
  "llama-3.1-8b-instruct": {
    repo: "meta-llama/Llama-3.1-8B-Instruct",
    publishedParameters: 8.03e9,
    config: { ...LLAMA_3, hidden_size: 4096, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8,
      intermediate_size: 14336 },
  },
  "llama-3.1-70b-instruct": {
    repo: "meta-llama/Llama-3.1-70B-Instruct",
    publishedParameters: 70.6e9,
    config: LLAMA_3_70B,
  },
  "llama-3.1-405b-instruct": {
    repo: "meta-llama/Llama-3.1-405B-Instruct",
    publishedParameters: 405.9e9,
    config: { ...LLAMA_3, hidden_size: 16384, num_hidden_layers: 126, num_attention_heads: 128, num_key_value_heads: 8,
      intermediate_size: 53248 },
  },
  "llama-3.3-70b-instruct": {
    repo: "meta-llama/Llama-3.3-70B-Instruct",
    publishedParameters: 70.6e9,
    config: LLAMA_3_70B,
  },
};
