import { z } from "zod";
import { LlmfleetError, parseWith } from "../../errors/index.js";
import { readAttentionHeads } from "../attentionHeads.js";
import { checkpointFields, readCheckpoint } from "../checkpointFields.js";
import { dimension } from "../dimension.js";
import type { FamilyReader } from "../modelShape.js";

const bloomSchema = z.object({
  ...checkpointFields,
  hidden_size: dimension.nullish(),
  /** bigscience/bloom (176B) names the hidden size `n_embed`. */
  n_embed: dimension.nullish(),
  n_layer: dimension.nullish(),
  num_hidden_layers: dimension.nullish(),
  n_head: dimension.nullish(),
  num_attention_heads: dimension.nullish(),
  vocab_size: dimension.nullish(),
  /** Training sequence length; bloom uses ALiBi and has no position table. */
  seq_length: dimension.nullish(),
});

/** Hugging Face BloomConfig default vocabulary (every released bloom uses it). */
const BLOOM_VOCAB_SIZE = 250880;

function required(value: number | null | undefined, key: string, meaning: string): number {
  if (value === null || value === undefined) {
    throw new LlmfleetError(`config.${key}`, value, `a bloom config.json must give the ${meaning}`, `set ${key}`);
  }
  return value;
}

/**
 * BLOOM: `n_layer`/`n_head` (or the generic names), LayerNorm with biases, a norm after the word embeddings, biases on
 * every linear layer, an ungated MLP of 4 × hidden, ALiBi instead of rotary positions and tied embeddings.
 * `maxPositionEmbeddings` is `max_position_embeddings` or the training `seq_length` when given, else null: ALiBi
 * sets no hard limit, so the planner must be told `maxModelLen`.
 */
export const readBloom: FamilyReader = (input) => {
  const config = parseWith(bloomSchema, input, "config");
  const hiddenSize = required(config.hidden_size ?? config.n_embed, "hidden_size", "hidden size");
  const heads = readAttentionHeads(
    {
      hiddenSize,
      attentionHeads: required(config.n_head ?? config.num_attention_heads, "n_head", "attention head count"),
      kvHeads: null,
      headDim: null,
    },
    null,
    { attentionHeads: "n_head", kvHeads: "n_head" },
  );
  const checkpoint = readCheckpoint(config, true);
  return {
    shape: {
      family: "bloom",
      hiddenSize,
      layers: required(config.n_layer ?? config.num_hidden_layers, "n_layer", "layer count"),
      ...heads,
      intermediateSize: 4 * hiddenSize,
      vocabSize: config.vocab_size ?? BLOOM_VOCAB_SIZE,
      attentionBias: true,
      slidingWindow: null,
      moe: null,
      mla: null,
      ...checkpoint,
      maxPositionEmbeddings: checkpoint.maxPositionEmbeddings ?? config.seq_length ?? null,
    },
    layers: {
      norm: "layernorm",
      embeddingNorm: true,
      outputProjectionBias: true,
      qkNorm: false,
      mlpMatrices: 2,
      mlpBias: true,
      sharedExpertGate: false,
      routerBias: false,
      mtpLayers: 0,
    },
  };
};
