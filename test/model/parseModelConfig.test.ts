import { describe, expect, it } from "vitest";
import { MODEL_CATALOGUE, parseModelConfig, resolveModel } from "../../src/model/index.js";
import { errorOf } from "../support/errors.js";

/** A small llama config to vary one key at a time. */
const LLAMA = {
  model_type: "llama",
  hidden_size: 4096,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  intermediate_size: 14336,
  vocab_size: 128256,
  max_position_embeddings: 131072,
};

/** A copy of the catalogue's config.json fields for `name`, to vary in a test. */
function catalogueConfig(name: string): Record<string, unknown> {
  const entry = MODEL_CATALOGUE[name];
  if (!entry) throw new Error(`no catalogue entry ${name}`);
  return { ...entry.config };
}

describe("attention heads", () => {
  it("takes an explicit head_dim over hidden / heads (Qwen3-32B: 5120 / 64 = 80, head_dim 128)", () => {
    const arch = resolveModel("qwen3-32b");
    expect(arch.headDim).toBe(128);
    expect(arch.attentionHeads).toBe(64);
    expect(arch.kvHeads).toBe(8);
  });

  it("derives head_dim as hidden / heads when absent", () => {
    expect(parseModelConfig(LLAMA, "llama").headDim).toBe(128);
  });

  it("uses Qwen3Config's default head_dim of 128 when a qwen3 config omits it", () => {
    const { head_dim: _omitted, ...config } = catalogueConfig("qwen3-4b");
    expect(parseModelConfig(config, "qwen3-4b").headDim).toBe(128);
  });

  it("treats a missing num_key_value_heads as multi-head attention", () => {
    const { num_key_value_heads: _omitted, ...config } = LLAMA;
    expect(parseModelConfig(config, "mha").kvHeads).toBe(32);
  });

  it("gives DeepSeek MLA a head dimension of qk_nope + qk_rope and keeps the latent shape", () => {
    const arch = resolveModel("deepseek-v3");
    expect(arch.headDim).toBe(192);
    expect(arch.mla).toEqual({ kvLoraRank: 512, qLoraRank: 1536, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 });
    expect(resolveModel("deepseek-v2-lite-chat").mla?.qLoraRank).toBeNull();
  });

  it("marks q/k/v biases for qwen2 and bloom but not llama or qwen3", () => {
    expect(resolveModel("qwen2.5-7b-instruct").attentionBias).toBe(true);
    expect(resolveModel("bloom-7b1").attentionBias).toBe(true);
    expect(resolveModel("llama-3.1-8b-instruct").attentionBias).toBe(false);
    expect(resolveModel("qwen3-8b").attentionBias).toBe(false);
  });
});

describe("mixture of experts", () => {
  it("reads qwen3_moe experts without a shared expert", () => {
    expect(resolveModel("qwen3-30b-a3b").moe).toEqual({
      experts: 128,
      expertsPerToken: 8,
      expertIntermediateSize: 768,
      sharedExpertIntermediateSize: 0,
      denseLayers: 0,
    });
  });

  it("reads qwen2_moe's shared expert and counts layers left dense by decoder_sparse_step and mlp_only_layers", () => {
    const config = catalogueConfig("qwen1.5-moe-a2.7b");
    expect(parseModelConfig(config, "a").moe?.sharedExpertIntermediateSize).toBe(5632);
    expect(parseModelConfig({ ...config, decoder_sparse_step: 2 }, "b").moe?.denseLayers).toBe(12);
    expect(parseModelConfig({ ...config, mlp_only_layers: [0, 1, 99] }, "c").moe?.denseLayers).toBe(2);
  });

  it("takes mixtral's intermediate_size as the expert width", () => {
    const moe = resolveModel("mixtral-8x7b-instruct").moe;
    expect(moe?.experts).toBe(8);
    expect(moe?.expertIntermediateSize).toBe(14336);
    expect(moe?.expertsPerToken).toBe(2);
  });

  it("reads DeepSeek-V3's routed, shared and leading dense layers", () => {
    expect(resolveModel("deepseek-v3").moe).toEqual({
      experts: 256,
      expertsPerToken: 8,
      expertIntermediateSize: 2048,
      sharedExpertIntermediateSize: 2048,
      denseLayers: 3,
    });
  });
});

describe("context and sliding windows", () => {
  it("reads max_position_embeddings, or null when absent", () => {
    expect(resolveModel("llama-3.1-8b-instruct").maxPositionEmbeddings).toBe(131072);
    const { max_position_embeddings: _omitted, ...config } = LLAMA;
    expect(parseModelConfig(config, "x").maxPositionEmbeddings).toBeNull();
  });

  it("gives bloom (ALiBi, no position table) its seq_length when present, else null", () => {
    expect(resolveModel("bloom-7b1").maxPositionEmbeddings).toBeNull();
    const config = { ...catalogueConfig("bloom-7b1"), seq_length: 2048 };
    expect(parseModelConfig(config, "bloom").maxPositionEmbeddings).toBe(2048);
  });

  it("reads bloom's n_embed and generic key names too", () => {
    const arch = parseModelConfig({ model_type: "bloom", n_embed: 1024, num_hidden_layers: 24, num_attention_heads: 16 }, "b");
    expect([arch.hiddenSize, arch.layers, arch.attentionHeads, arch.intermediateSize]).toEqual([1024, 24, 16, 4096]);
    expect(arch.vocabSize).toBe(250880);
  });

  it("applies mistral's sliding_window whenever it is set", () => {
    const config = { ...catalogueConfig("mistral-7b-instruct"), sliding_window: 4096 };
    expect(parseModelConfig(config, "v0.1").slidingWindow).toBe(4096);
    expect(resolveModel("mistral-7b-instruct").slidingWindow).toBeNull();
  });

  it("applies qwen's sliding_window only with use_sliding_window and when no layer keeps full attention", () => {
    const config = { ...catalogueConfig("qwen2.5-7b-instruct"), sliding_window: 131072 };
    expect(parseModelConfig(config, "off").slidingWindow).toBeNull();
    expect(parseModelConfig({ ...config, use_sliding_window: true, max_window_layers: 0 }, "on").slidingWindow).toBe(131072);
    expect(parseModelConfig({ ...config, use_sliding_window: true, max_window_layers: 14 }, "mixed").slidingWindow).toBeNull();
  });
});

describe("checkpoint dtype and quantisation", () => {
  it("reads torch_dtype, the newer dtype key, and defaults to bf16", () => {
    expect(resolveModel("bloom-7b1").checkpointDtype).toBe("fp16");
    expect(parseModelConfig({ ...LLAMA, dtype: "float32" }, "x").checkpointDtype).toBe("fp32");
    expect(parseModelConfig(LLAMA, "x").checkpointDtype).toBe("bf16");
  });

  it("reads fp8 block quantisation (Qwen3-235B-A22B-FP8)", () => {
    expect(resolveModel("qwen3-235b-a22b-fp8").quantization).toEqual({
      method: "fp8",
      bits: 8,
      groupSize: 128,
      weightType: "float",
    });
  });

  it("reads AWQ and GPTQ bits and group size (GPTQ -1 means no groups)", () => {
    const awq = { quant_method: "awq", bits: 4, group_size: 128, zero_point: true, version: "gemm" };
    expect(parseModelConfig({ ...LLAMA, quantization_config: awq }, "awq").quantization).toEqual({
      method: "awq",
      bits: 4,
      groupSize: 128,
      weightType: "int",
    });
    const gptq = { quant_method: "gptq", bits: 8, group_size: -1, desc_act: false };
    expect(parseModelConfig({ ...LLAMA, quantization_config: gptq }, "gptq").quantization?.groupSize).toBeNull();
  });

  it("reads the first weight scheme of a compressed-tensors checkpoint", () => {
    const quantization_config = {
      quant_method: "compressed-tensors",
      format: "pack-quantized",
      config_groups: { group_0: { targets: ["Linear"], weights: { num_bits: 4, type: "int", strategy: "group", group_size: 128 } } },
    };
    expect(parseModelConfig({ ...LLAMA, quantization_config }, "w4a16").quantization).toEqual({
      method: "compressed-tensors",
      bits: 4,
      groupSize: 128,
      weightType: "int",
    });
  });

  it("leaves unquantised checkpoints without quantisation", () => {
    expect(resolveModel("qwen3-235b-a22b").quantization).toBeNull();
  });
});

describe("malformed configs raise LlmfleetError naming the key", () => {
  it("rejects an unsupported model_type and lists the supported families", () => {
    const error = errorOf(() => parseModelConfig({ ...LLAMA, model_type: "gpt2" }, "gpt2"));
    expect(error.field).toBe("config.model_type");
    expect(error.value).toBe("gpt2");
    for (const family of ["llama", "qwen3_moe", "deepseek_v3", "bloom"]) expect(error.fix).toContain(family);
  });

  it.each([null, 42, "config", [LLAMA]])("rejects a config that is not an object (%j)", (config) => {
    expect(errorOf(() => parseModelConfig(config, "x")).field).toMatch(/^config/);
  });

  it("rejects a missing model_type", () => {
    const { model_type: _omitted, ...config } = LLAMA;
    expect(errorOf(() => parseModelConfig(config, "x")).field).toBe("config.model_type");
  });

  it.each([0, -32, 1.5, "32"])("rejects num_attention_heads = %j", (heads) => {
    const error = errorOf(() => parseModelConfig({ ...LLAMA, num_attention_heads: heads }, "x"));
    expect(error.field).toBe("config.num_attention_heads");
  });

  it("rejects heads that do not divide hidden_size when head_dim is absent", () => {
    const error = errorOf(() => parseModelConfig({ ...LLAMA, num_attention_heads: 30, num_key_value_heads: 10 }, "x"));
    expect(error.field).toBe("config.num_attention_heads");
    expect(error.fix).toContain("head_dim");
  });

  it("accepts such heads when head_dim is given", () => {
    const config = { ...LLAMA, num_attention_heads: 30, num_key_value_heads: 10, head_dim: 128 };
    expect(parseModelConfig(config, "x").headDim).toBe(128);
  });

  it.each([64, 3])("rejects %d KV heads for 32 attention heads", (kvHeads) => {
    const error = errorOf(() => parseModelConfig({ ...LLAMA, num_key_value_heads: kvHeads }, "x"));
    expect(error.field).toBe("config.num_key_value_heads");
  });

  it("names missing family-specific keys (DeepSeek kv_lora_rank, bloom n_layer)", () => {
    const { kv_lora_rank: _rank, ...deepseek } = catalogueConfig("deepseek-v3");
    expect(errorOf(() => parseModelConfig(deepseek, "x")).field).toBe("config.kv_lora_rank");
    expect(errorOf(() => parseModelConfig({ model_type: "bloom", hidden_size: 1024, n_head: 16 }, "x")).field).toBe(
      "config.n_layer",
    );
  });

  it("rejects an unknown quant_method and an unknown torch_dtype", () => {
    const quantized = { ...LLAMA, quantization_config: { quant_method: "bitsandbytes", load_in_4bit: true } };
    expect(errorOf(() => parseModelConfig(quantized, "x")).field).toBe("config.quantization_config.quant_method");
    expect(errorOf(() => parseModelConfig({ ...LLAMA, torch_dtype: "int8" }, "x")).field).toBe("config.torch_dtype");
  });
});
