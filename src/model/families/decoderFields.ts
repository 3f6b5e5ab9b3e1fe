import { z } from "zod";
import { readAttentionHeads } from "../attentionHeads.js";
import type { AttentionHeads } from "../attentionHeads.js";
import { checkpointFields } from "../checkpointFields.js";
import { dimension } from "../dimension.js";
import { slidingWindowFields } from "../slidingWindow.js";

/** config.json keys shared by the llama-style decoders (llama, mistral, qwen*, mixtral, deepseek). */
export const decoderFields = {
  hidden_size: dimension,
  num_hidden_layers: dimension,
  num_attention_heads: dimension,
  num_key_value_heads: dimension.nullish(),
  head_dim: dimension.nullish(),
  intermediate_size: dimension,
  vocab_size: dimension,
  attention_bias: z.boolean().nullish(),
  ...slidingWindowFields,
  ...checkpointFields,
};

export type DecoderConfig = z.output<z.ZodObject<typeof decoderFields>>;

/** Head layout of a llama-style decoder config; `defaultHeadDim` as in `readAttentionHeads`. */
export function readDecoderHeads(config: DecoderConfig, defaultHeadDim: number | null = null): AttentionHeads {
  return readAttentionHeads(
    {
      hiddenSize: config.hidden_size,
      attentionHeads: config.num_attention_heads,
      kvHeads: config.num_key_value_heads,
      headDim: config.head_dim,
    },
    defaultHeadDim,
  );
}

/** The dimensions every llama-style decoder reads the same way, with the family's own head layout. */
export function decoderDimensions(config: DecoderConfig, heads: AttentionHeads) {
  return {
    hiddenSize: config.hidden_size,
    layers: config.num_hidden_layers,
    ...heads,
    intermediateSize: config.intermediate_size,
    vocabSize: config.vocab_size,
  };
}
