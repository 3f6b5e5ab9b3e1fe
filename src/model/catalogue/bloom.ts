import type { CatalogueEntries } from "./entry.js";

/** BigScience BLOOM (config.json from the bigscience organisation on Hugging Face). */
export const BLOOM_MODELS: CatalogueEntries = {
  "bloom-7b1": {
    repo: "bigscience/bloom-7b1",
    publishedParameters: 7.07e9,
    config: { model_type: "bloom", hidden_size: 4096, n_layer: 30, n_head: 32, vocab_size: 250880, torch_dtype: "float16" },
  },
};
