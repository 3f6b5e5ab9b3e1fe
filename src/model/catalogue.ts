import { BLOOM_MODELS } from "./catalogue/bloom.js";
import { DEEPSEEK_MODELS } from "./catalogue/deepseek.js";
import type { CatalogueEntries, CatalogueEntry } from "./catalogue/entry.js";
import { LLAMA_MODELS } from "./catalogue/llama.js";
import { MISTRAL_MODELS } from "./catalogue/mistral.js";
import { QWEN_MODELS } from "./catalogue/qwen.js";

export type { CatalogueEntry } from "./catalogue/entry.js";

/** Built-in named models, keyed by lower-case name (e.g. `qwen2.5-72b-instruct`), stored as config.json fields. */
export const MODEL_CATALOGUE: CatalogueEntries = {
  ...QWEN_MODELS,
  ...LLAMA_MODELS,
  ...DEEPSEEK_MODELS,
  ...MISTRAL_MODELS,
  ...BLOOM_MODELS,
};

/** One catalogue model as listed to users. */
export interface CatalogueModel {
  /** Catalogue name, lower case. */
  readonly name: string;
  /** Hugging Face repository id. */
  readonly repo: string;
  /** Parameter count published on the model card. */
  readonly publishedParameters: number;
}

/** The catalogue's models, sorted by name. */
export function listModels(): readonly CatalogueModel[] {
  return Object.entries(MODEL_CATALOGUE)
    .map(([name, entry]) => ({ name, repo: entry.repo, publishedParameters: entry.publishedParameters }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The catalogue entry for a name or Hugging Face repo id (case-insensitive), with its catalogue name. */
export function findCatalogueEntry(nameOrRepo: string): { name: string; entry: CatalogueEntry } | null {
  const wanted = nameOrRepo.trim().toLowerCase();
  for (const [name, entry] of Object.entries(MODEL_CATALOGUE)) {
    if (name === wanted || entry.repo.toLowerCase() === wanted) return { name, entry };
  }
  return null;
}
