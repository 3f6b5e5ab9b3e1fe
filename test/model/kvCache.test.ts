import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  kvBytesPerToken,
  kvBytesPerTokenPerGpu,
  kvCacheElementBytes,
  listModels,
  resolveModel,
} from "../../src/model/index.js";
import { errorOf } from "../support/errors.js";

describe("KV-cache bytes per token, whole model", () => {
  it("Llama-3.1-8B at bf16: 2 × 32 layers × 8 KV heads × 128 × 2 B = 131072", () => {
    expect(kvBytesPerToken(resolveModel("llama-3.1-8b-instruct"), 2)).toBe(131072);
  });

  it("halves with an fp8 cache", () => {
    expect(kvBytesPerToken(resolveModel("llama-3.1-8b-instruct"), kvCacheElementBytes("fp8"))).toBe(65536);
    expect(kvCacheElementBytes("auto")).toBe(2);
  });

  it("Qwen3-32B uses head_dim 128, not hidden / heads: 2 × 64 × 8 × 128 × 2 = 262144", () => {
    expect(kvBytesPerToken(resolveModel("qwen3-32b"), 2)).toBe(262144);
  });

  it("DeepSeek-V3 MLA caches the latent: 61 × (512 + 64) × 2 = 70272", () => {
    expect(kvBytesPerToken(resolveModel("deepseek-v3"), 2)).toBe(70272);
  });
});

describe("KV-cache bytes per token per GPU", () => {
  const llama = resolveModel("llama-3.1-8b-instruct");

  it("splits KV heads across tensor-parallel ranks", () => {
    expect(kvBytesPerTokenPerGpu(llama, 2, 2, 1)).toBe(65536);
  });

  it("replicates KV heads when TP exceeds them (8 KV heads on TP 16 still hold one each)", () => {
    expect(kvBytesPerTokenPerGpu(llama, 2, 16, 1)).toBe(2 * 32 * 1 * 128 * 2);
  });

  it("sizes the busiest pipeline stage (32 layers over PP 3 → 11)", () => {
    expect(kvBytesPerTokenPerGpu(llama, 2, 1, 3)).toBe(2 * 11 * 8 * 128 * 2);
  });

  it("does not divide MLA by TP", () => {
    const deepseek = resolveModel("deepseek-v3");
    expect(kvBytesPerTokenPerGpu(deepseek, 2, 8, 1)).toBe(70272);
    expect(kvBytesPerTokenPerGpu(deepseek, 2, 8, 2)).toBe(31 * 576 * 2);
  });

  it.each([
    [0, 1, "tensorParallel"],
    [1.5, 1, "tensorParallel"],
    [1, 0, "pipelineParallel"],
  ])("rejects TP %d, PP %d", (tp, pp, field) => {
    expect(errorOf(() => kvBytesPerTokenPerGpu(llama, 2, tp, pp)).field).toBe(field);
  });

  it("rejects non-positive KV element sizes", () => {
    expect(errorOf(() => kvBytesPerToken(llama, 0)).field).toBe("kvBytes");
  });

  it("equals the whole model on one GPU and never falls below an even share when sharded", () => {
    const models = listModels().map(({ name }) => resolveModel(name));
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.constantFrom(1, 2, 4, 8, 16),
        fc.integer({ min: 1, max: 8 }),
        (arch, tp, pp) => {
          const whole = kvBytesPerToken(arch, 2);
          expect(kvBytesPerTokenPerGpu(arch, 2, 1, 1)).toBe(whole);
          expect(kvBytesPerTokenPerGpu(arch, 2, tp, pp) * tp * pp).toBeGreaterThanOrEqual(whole);
        },
      ),
    );
  });
});
