import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MODEL_CATALOGUE, listModels, resolveModel } from "../../src/model/index.js";
import { errorOf } from "../support/errors.js";

const TINY_LLAMA = JSON.stringify({
  model_type: "llama",
  hidden_size: 2048,
  num_hidden_layers: 22,
  num_attention_heads: 32,
  num_key_value_heads: 4,
  intermediate_size: 5632,
  vocab_size: 32000,
  max_position_embeddings: 2048,
});

/** A reader over an in-memory file system. */
function filesReader(files: Readonly<Record<string, string>>): (path: string) => string {
  return (path) => {
    const text = files[path];
    if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
    return text;
  };
}

describe("resolveModel", () => {
  it("finds catalogue names case-insensitively and ids the model by its catalogue name", () => {
    const arch = resolveModel("Qwen3-8B");
    expect(arch.id).toBe("qwen3-8b");
    expect(arch.family).toBe("qwen3");
  });

  it("accepts the Hugging Face repo id", () => {
    expect(resolveModel("Qwen/Qwen2.5-72B-Instruct").id).toBe("qwen2.5-72b-instruct");
    expect(resolveModel("deepseek-ai/deepseek-r1").id).toBe("deepseek-r1");
  });

  it("reads a config.json path and ids the model by its directory", () => {
    const arch = resolveModel("/models/TinyLlama-1.1B/config.json", filesReader({ "/models/TinyLlama-1.1B/config.json": TINY_LLAMA }));
    expect(arch.id).toBe("TinyLlama-1.1B");
    expect(arch.layers).toBe(22);
  });

  it("reads config.json inside a directory path", () => {
    const arch = resolveModel("/models/tiny", filesReader({ "/models/tiny/config.json": TINY_LLAMA }));
    expect(arch.id).toBe("tiny");
  });

  it("reads from disk by default", () => {
    const directory = join(mkdtempSync(join(tmpdir(), "llmfleet-model-")), "tiny-llama");
    mkdirSync(directory);
    writeFileSync(join(directory, "config.json"), TINY_LLAMA);
    expect(resolveModel(join(directory, "config.json")).vocabSize).toBe(32000);
  });

  it("reports a missing file under the field `model`", () => {
    const error = errorOf(() => resolveModel("./nowhere/config.json", filesReader({})));
    expect(error.field).toBe("model");
    expect(error.reason).toContain("cannot be read");
    expect(error.fix).toContain("config.json");
  });

  it("reports invalid JSON under the field `model`", () => {
    const error = errorOf(() => resolveModel("broken.json", filesReader({ "broken.json": "{ not json" })));
    expect(error.field).toBe("model");
    expect(error.reason).toContain("not valid JSON");
  });

  it("names the bad key of a file's config", () => {
    const bad = JSON.stringify({ ...JSON.parse(TINY_LLAMA), num_key_value_heads: 5 });
    expect(errorOf(() => resolveModel("bad.json", filesReader({ "bad.json": bad }))).field).toBe(
      "config.num_key_value_heads",
    );
  });

  it("suggests close catalogue names for an unknown name and says a config.json path works too", () => {
    const error = errorOf(() => resolveModel("qwen3-9b"));
    expect(error.field).toBe("model");
    expect(error.value).toBe("qwen3-9b");
    expect(error.fix).toContain("qwen3-8b");
    expect(error.fix).toContain("config.json");
    expect(errorOf(() => resolveModel("llama3.1-8b")).fix).toContain("llama-3.1-8b-instruct");
  });
});

describe("listModels", () => {
  it("lists every catalogue model, sorted, with its repo and published size", () => {
    const models = listModels();
    expect(models).toHaveLength(Object.keys(MODEL_CATALOGUE).length);
    expect(models.map(({ name }) => name)).toEqual([...models.map(({ name }) => name)].sort((a, b) => a.localeCompare(b)));
    expect(models.find(({ name }) => name === "qwen2.5-72b-instruct")).toEqual({
      name: "qwen2.5-72b-instruct",
      repo: "Qwen/Qwen2.5-72B-Instruct",
      publishedParameters: 72.7e9,
    });
  });

  it("includes the models the planner documentation names", () => {
    const names = new Set(listModels().map(({ name }) => name));
    const required = [
      ...["0.5b", "1.5b", "3b", "7b", "14b", "32b", "72b"].map((size) => `qwen2.5-${size}-instruct`),
      ...["0.6b", "1.7b", "4b", "8b", "14b", "32b", "30b-a3b", "235b-a22b", "235b-a22b-fp8"].map((size) => `qwen3-${size}`),
      ...["3.1-8b", "3.1-70b", "3.1-405b", "3.3-70b"].map((version) => `llama-${version}-instruct`),
      "deepseek-v3",
      "deepseek-r1",
      "mixtral-8x7b-instruct",
      "mistral-7b-instruct",
      "bloom-7b1",
    ];
    for (const name of required) expect(names).toContain(name);
  });
});
