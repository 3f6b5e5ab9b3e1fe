import { z } from "zod";

/**
 * Largest size llmfleet accepts for any config.json dimension (hidden size, vocabulary, layer or expert count).
 * Far above any real model (the largest vocabularies are about 2^18), low enough that products of a few
 * dimensions stay finite numbers.
 */
export const MAX_DIMENSION = 1 << 24;

/** A positive integer model dimension from config.json (hidden_size, num_hidden_layers, …). */
export const dimension = z.number().int().min(1).max(MAX_DIMENSION);

/** A non-negative integer count from config.json (first_k_dense_replace, n_shared_experts, …). */
export const count = z.number().int().min(0).max(MAX_DIMENSION);
