import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isUserError } from "../../src/errors/index.js";
import { MODEL_CATALOGUE, MODEL_FAMILIES, parseModelConfig } from "../../src/model/index.js";

/** Keys the family readers look at, so random configs hit real code paths. */
const KEYS = [
  "model_type", "hidden_size", "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "head_dim",
  "intermediate_size", "vocab_size", "max_position_embeddings", "tie_word_embeddings", "torch_dtype", "dtype",
  "sliding_window", "use_sliding_window", "max_window_layers", "attention_bias", "mlp_bias", "num_experts",
  "num_local_experts", "num_experts_per_tok", "moe_intermediate_size", "shared_expert_intermediate_size",
  "decoder_sparse_step", "mlp_only_layers", "n_routed_experts", "n_shared_experts", "first_k_dense_replace",
  "moe_layer_freq", "q_lora_rank", "kv_lora_rank", "qk_nope_head_dim", "qk_rope_head_dim", "v_head_dim",
  "num_nextn_predict_layers", "n_layer", "n_head", "n_embed", "seq_length", "quantization_config",
] as const;

const jsonishValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -4, max: 9000 }),
  fc.constantFrom(0, 1, 2, 8, 64, 128, 4096, 2 ** 40, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY),
  fc.constantFrom(...MODEL_FAMILIES, "gpt2", "", "bfloat16", "float16", "fp8", "awq"),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer({ min: -2, max: 64 }), { maxLength: 4 }),
  fc.record({ quant_method: fc.constantFrom("fp8", "awq", "gptq", "compressed-tensors", "bnb"), bits: fc.integer() }),
  fc.string({ maxLength: 6 }),
);

/** A config.json-like object: random values under real keys, sometimes starting from a catalogue config. */
const configLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.dictionary(fc.constantFrom(...KEYS), jsonishValue),
  fc
    .tuple(fc.constantFrom(...Object.values(MODEL_CATALOGUE)), fc.dictionary(fc.constantFrom(...KEYS), jsonishValue))
    .map(([entry, overrides]) => ({ ...entry.config, ...overrides })),
  fc.anything(),
);

describe("parseModelConfig on arbitrary input", () => {
  it("returns a sound architecture or throws a user error, never anything else", () => {
    fc.assert(
      fc.property(configLike, (config) => {
        try {
          const arch = parseModelConfig(config, "random");
          expect(Number.isSafeInteger(arch.parameters)).toBe(true);
          expect(arch.parameters).toBeGreaterThan(0);
          expect(arch.unquantizedParameters).toBeLessThanOrEqual(arch.parameters);
          expect(arch.attentionHeads % arch.kvHeads).toBe(0);
        } catch (error) {
          if (!isUserError(error)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });
});
