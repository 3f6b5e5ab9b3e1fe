import { describe, expect, it } from "vitest";
import { defaultDtypeForCheckpoint, parseModelConfig, resolveModel, weightBytes } from "../../src/model/index.js";

const GB = 1e9;

describe("weight bytes", () => {
  const llama = resolveModel("llama-3.1-8b-instruct");

  it("takes 2 B per parameter at bf16 and fp16 (Llama-3.1-8B: 16.06 GB)", () => {
    expect(weightBytes(llama, "bf16")).toBe(2 * 8_030_261_248);
    expect(weightBytes(llama, "fp16")).toBe(weightBytes(llama, "bf16"));
  });

  it("keeps embeddings, lm_head and norms at 16 bits under fp8 and int8", () => {
    expect(llama.unquantizedParameters).toBe(2 * 128256 * 4096 + (2 * 32 + 1) * 4096);
    const expected = llama.parameters - llama.unquantizedParameters + 2 * llama.unquantizedParameters;
    expect(weightBytes(llama, "fp8")).toBe(expected);
    expect(weightBytes(llama, "int8")).toBe(expected);
  });

  it("charges int4 about 0.52 B per quantised weight at group 128", () => {
    const quantized = llama.parameters - llama.unquantizedParameters;
    expect(weightBytes(llama, "int4")).toBeCloseTo(quantized * (0.5 + 2.5 / 128) + 2 * llama.unquantizedParameters, 0);
    expect(weightBytes(llama, "int4") / GB).toBeCloseTo(5.73, 1);
  });

  it("uses the checkpoint's AWQ group size", () => {
    const config = { ...llamaConfig(), quantization_config: { quant_method: "awq", bits: 4, group_size: 64 } };
    const awq = parseModelConfig(config, "awq-g64");
    expect(weightBytes(awq, "int4")).toBeGreaterThan(weightBytes(llama, "int4"));
  });

  it("puts DeepSeek-V3 at about 672 GB in fp8 and Qwen3-235B-A22B at about 470 GB in bf16", () => {
    expect(weightBytes(resolveModel("deepseek-v3"), "fp8") / GB).toBeCloseTo(673, -1);
    expect(weightBytes(resolveModel("qwen3-235b-a22b"), "bf16") / GB).toBeCloseTo(470, -1);
  });
});

describe("default dtype for a checkpoint", () => {
  it("serves fp8 checkpoints at fp8 (DeepSeek-V3, Qwen3-235B-A22B-FP8)", () => {
    expect(defaultDtypeForCheckpoint(resolveModel("deepseek-v3"))).toBe("fp8");
    expect(defaultDtypeForCheckpoint(resolveModel("qwen3-235b-a22b-fp8"))).toBe("fp8");
  });

  it("serves 4-bit AWQ/GPTQ at int4 and 8-bit integer schemes at int8", () => {
    const awq = parseModelConfig({ ...llamaConfig(), quantization_config: { quant_method: "awq", bits: 4 } }, "awq");
    const gptq8 = parseModelConfig({ ...llamaConfig(), quantization_config: { quant_method: "gptq", bits: 8 } }, "g8");
    expect(defaultDtypeForCheckpoint(awq)).toBe("int4");
    expect(defaultDtypeForCheckpoint(gptq8)).toBe("int8");
  });

  it("serves compressed-tensors float 8-bit at fp8", () => {
    const quantization_config = {
      quant_method: "compressed-tensors",
      config_groups: { group_0: { weights: { num_bits: 8, type: "float", strategy: "channel" } } },
    };
    expect(defaultDtypeForCheckpoint(parseModelConfig({ ...llamaConfig(), quantization_config }, "fp8-dynamic"))).toBe(
      "fp8",
    );
  });

  it("leaves unquantised checkpoints to the caller", () => {
    expect(defaultDtypeForCheckpoint(resolveModel("qwen3-8b"))).toBeNull();
  });
});

function llamaConfig(): Record<string, unknown> {
  return {
    model_type: "llama",
    hidden_size: 4096,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    intermediate_size: 14336,
    vocab_size: 128256,
  };
}
