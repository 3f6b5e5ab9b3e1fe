/** A named model in the built-in catalogue. */
export interface CatalogueEntry {
  /** Hugging Face repository id, e.g. `Qwen/Qwen2.5-72B-Instruct`. */
  readonly repo: string;
  /** Parameter count published on the model card (rounded as published), used to check the shape maths. */
  readonly publishedParameters: number;
  /** The subset of the repository's config.json that llmfleet reads, with the real values. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Catalogue entries keyed by lower-case model name. */
export type CatalogueEntries = Readonly<Record<string, CatalogueEntry>>;
