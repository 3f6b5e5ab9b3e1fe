import { describe, expect, it } from "vitest";
import { MODEL_CATALOGUE, parseModelConfig, resolveModel } from "../../src/model/index.js";

/** Relative difference between a computed and a published figure. */
function relativeError(computed: number, published: number): number {
  return Math.abs(computed - published) / published;
}

/** Mistral-7B-v0.1 (not in the catalogue, which carries v0.3): the sliding-window model. */
const MISTRAL_7B_V0_1 = {
  model_type: "mistral",
  hidden_size: 4096,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  intermediate_size: 14336,
  vocab_size: 32000,
  max_position_embeddings: 32768,
  sliding_window: 4096,
  tie_word_embeddings: false,
  torch_dtype: "bfloat16",
};

describe("parameter counts match the published figures within 1%", () => {
  const published: ReadonlyArray<readonly [string, number]> = [
    ["llama-3.1-8b-instruct", 8.03e9],
    ["llama-3.1-70b-instruct", 70.6e9],
    ["llama-3.1-405b-instruct", 405.9e9],
    ["qwen2.5-7b-instruct", 7.62e9],
    ["qwen2.5-72b-instruct", 72.7e9],
    ["qwen3-8b", 8.19e9],
    ["qwen3-32b", 32.8e9],
    ["qwen3-30b-a3b", 30.5e9],
    ["qwen3-235b-a22b", 235e9],
    ["qwen1.5-moe-a2.7b", 14.3e9],
    ["qwen2-57b-a14b-instruct", 57.4e9],
    ["mixtral-8x7b-instruct", 46.7e9],
    ["mistral-7b-instruct", 7.25e9],
    ["deepseek-v3", 671e9],
    ["deepseek-v2-lite-chat", 15.7e9],
    ["bloom-7b1", 7.07e9],
  ];
  it.each(published)("%s has %d parameters", (name, count) => {
    expect(relativeError(resolveModel(name).parameters, count)).toBeLessThan(0.01);
  });

  it("Mistral-7B-v0.1 has 7.24B parameters", () => {
    expect(relativeError(parseModelConfig(MISTRAL_7B_V0_1, "mistral-7b-v0.1").parameters, 7.24e9)).toBeLessThan(0.01);
  });

  it("DeepSeek-V3 counts 671B for the served model and 685B with the multi-token-prediction module", () => {
    const arch = resolveModel("deepseek-v3");
    expect(arch.mtpParameters).toBeDefined();
    const mtp = arch.mtpParameters ?? 0;
    expect(relativeError(mtp, 14e9)).toBeLessThan(0.05);
    expect(relativeError(arch.parameters + mtp, 685e9)).toBeLessThan(0.01);
  });

  it("models without an MTP module report none", () => {
    expect(resolveModel("qwen3-235b-a22b").mtpParameters).toBeUndefined();
  });

  it("Llama-3.1-8B counts exactly 8,030,261,248 parameters, as its safetensors index does", () => {
    expect(resolveModel("llama-3.1-8b-instruct").parameters).toBe(8_030_261_248);
  });

  it("bloom-7b1 counts exactly 7,069,016,064 parameters (biases, layernorms and the embedding norm included)", () => {
    expect(resolveModel("bloom-7b1").parameters).toBe(7_069_016_064);
  });
});

describe("every catalogue model matches its model card", () => {
  // Cards round (Qwen3-1.7B is "1.7B"): accept the published precision when it is coarser than 1%.
  const halfLastDigit = (count: number): number => {
    const decimals = (String(count / 1e9).split(".")[1] ?? "").length;
    return 0.5 * 10 ** -decimals * 1e9;
  };
  it.each(Object.entries(MODEL_CATALOGUE))("%s", (name, entry) => {
    const { parameters } = parseModelConfig(entry.config, name);
    const tolerance = Math.max(0.01 * entry.publishedParameters, halfLastDigit(entry.publishedParameters));
    expect(Math.abs(parameters - entry.publishedParameters)).toBeLessThanOrEqual(tolerance);
  });
});

describe("embedding tying", () => {
  const base = {
    model_type: "llama",
    hidden_size: 2048,
    num_hidden_layers: 16,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    intermediate_size: 8192,
    vocab_size: 128256,
  };
  it("counts the embedding once when tied and adds lm_head when not (llama default: untied)", () => {
    const untied = parseModelConfig(base, "untied");
    const tied = parseModelConfig({ ...base, tie_word_embeddings: true }, "tied");
    expect(untied.tieWordEmbeddings).toBe(false);
    expect(tied.tieWordEmbeddings).toBe(true);
    expect(untied.parameters - tied.parameters).toBe(128256 * 2048);
    expect(untied.unquantizedParameters - tied.unquantizedParameters).toBe(128256 * 2048);
  });

  it("bloom ties by default", () => {
    expect(resolveModel("bloom-7b1").tieWordEmbeddings).toBe(true);
  });
});
