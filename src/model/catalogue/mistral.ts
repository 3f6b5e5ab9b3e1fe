import type { CatalogueEntries } from "./entry.js";

/** Mistral AI models (config.json from the mistralai organisation on Hugging Face). */
export const MISTRAL_MODELS: CatalogueEntries = {
  "mistral-7b-instruct": {
    repo: "mistralai/Mistral-7B-Instruct-v0.3",
    publishedParameters: 7.25e9,
    config: { model_type: "mistral", hidden_size: 4096, num_hidden_layers: 32, num_attention_heads: 32,
      num_key_value_heads: 8, intermediate_size: 14336, vocab_size: 32768, max_position_embeddings: 32768,
      sliding_window: null, tie_word_embeddings: false, torch_dtype: "bfloat16" },
  },
  "mixtral-8x7b-instruct": {
    repo: "mistralai/Mixtral-8x7B-Instruct-v0.1",
    publishedParameters: 46.7e9,
    config: { model_type: "mixtral", hidden_size: 4096, num_hidden_layers: 32, num_attention_heads: 32,
      num_key_value_heads: 8, intermediate_size: 14336, num_local_experts: 8, num_experts_per_tok: 2, vocab_size: 32000,
      max_position_embeddings: 32768, sliding_window: null, tie_word_embeddings: false, torch_dtype: "bfloat16" },
  },
};
