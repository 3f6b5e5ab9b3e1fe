import { LlmfleetError } from "../errors/index.js";

/** Head counts as given in config.json, before defaults and cross-checks. */
export interface HeadCounts {
  readonly hiddenSize: number;
  readonly attentionHeads: number;
  readonly kvHeads: number | null | undefined;
  readonly headDim: number | null | undefined;
}

/** Checked head layout of a GQA/MHA attention block. */
export interface AttentionHeads {
  readonly attentionHeads: number;
  readonly kvHeads: number;
  readonly headDim: number;
}

/** config.json key names of the head counts, which differ in bloom. */
export interface HeadKeys {
  readonly attentionHeads: string;
  readonly kvHeads: string;
}

const LLAMA_HEAD_KEYS: HeadKeys = { attentionHeads: "num_attention_heads", kvHeads: "num_key_value_heads" };

/**
 * Resolves the head layout: missing `num_key_value_heads` means multi-head attention (as many KV heads as query
 * heads), missing `head_dim` means hidden / heads (or `defaultHeadDim` where the family's Hugging Face config class
 * has one, as Qwen3's 128). Throws when heads do not divide the hidden size or KV heads do not divide the heads.
 */
export function readAttentionHeads(
  counts: HeadCounts,
  defaultHeadDim: number | null = null,
  keys: HeadKeys = LLAMA_HEAD_KEYS,
): AttentionHeads {
  const { hiddenSize, attentionHeads } = counts;
  const kvHeads = counts.kvHeads ?? attentionHeads;
  const explicitHeadDim = counts.headDim ?? defaultHeadDim;
  if (explicitHeadDim === null && hiddenSize % attentionHeads !== 0) {
    throw new LlmfleetError(
      `config.${keys.attentionHeads}`,
      attentionHeads,
      `hidden_size ${hiddenSize} is not divisible by ${attentionHeads} attention heads`,
      "correct the head count, or give head_dim explicitly",
    );
  }
  if (kvHeads > attentionHeads || attentionHeads % kvHeads !== 0) {
    throw new LlmfleetError(
      `config.${keys.kvHeads}`,
      kvHeads,
      `${kvHeads} key/value heads do not evenly share ${attentionHeads} attention heads`,
      `use a divisor of ${attentionHeads} (e.g. 8 for grouped-query attention, ${attentionHeads} for multi-head)`,
    );
  }
  return { attentionHeads, kvHeads, headDim: explicitHeadDim ?? hiddenSize / attentionHeads };
}
