import { z } from "zod";
import { LlmfleetError, parseWith } from "../errors/index.js";
import { readBloom } from "./families/bloom.js";
import { readDeepseekV2, readDeepseekV3 } from "./families/deepseek.js";
import { readLlama, readMistral, readQwen2, readQwen3 } from "./families/dense.js";
import { readMixtral } from "./families/mixtral.js";
import { readQwen2Moe, readQwen3Moe } from "./families/qwenMoe.js";
import type { FamilyReader } from "./modelShape.js";
import { countParameters } from "./parameterCount.js";
import { MODEL_FAMILIES } from "./types.js";
import type { ModelArchitecture, ModelFamily } from "./types.js";

const FAMILY_READERS: Readonly<Record<ModelFamily, FamilyReader>> = {
  llama: readLlama,
  mistral: readMistral,
  qwen2: readQwen2,
  qwen3: readQwen3,
  qwen2_moe: readQwen2Moe,
  qwen3_moe: readQwen3Moe,
  mixtral: readMixtral,
  deepseek_v2: readDeepseekV2,
  deepseek_v3: readDeepseekV3,
  bloom: readBloom,
};

const modelTypeSchema = z.object({ model_type: z.string() });

function isModelFamily(modelType: string): modelType is ModelFamily {
  return (MODEL_FAMILIES as readonly string[]).includes(modelType);
}

/**
 * Normalises a Hugging Face `config.json` (already JSON-parsed) into a `ModelArchitecture`, dispatching on
 * `model_type`. `id` becomes the architecture's id.
 *
 * `parameters` counts the model an engine loads for plain serving; DeepSeek-V3/R1's multi-token-prediction module
 * is reported separately as `mtpParameters` (671B + 14B = the 685B on the Hugging Face card).
 *
 * @throws LlmfleetError (or LlmfleetErrors for several bad keys) naming the offending key as `config.<key>`, for an
 *   unsupported `model_type`, missing or non-positive sizes, or heads that do not divide as attention needs.
 */
export function parseModelConfig(config: unknown, id: string): ModelArchitecture {
  const { model_type: modelType } = parseWith(modelTypeSchema, config, "config");
  if (!isModelFamily(modelType)) {
    throw new LlmfleetError(
      "config.model_type",
      modelType,
      "llmfleet does not know this model family",
      `use a model of a supported family (${MODEL_FAMILIES.join(", ")})`,
    );
  }
  const { shape, layers } = FAMILY_READERS[modelType](config);
  const counts = countParameters(shape, layers);
  return {
    id,
    ...shape,
    parameters: counts.parameters,
    unquantizedParameters: counts.unquantizedParameters,
    ...(counts.mtpParameters > 0 ? { mtpParameters: counts.mtpParameters } : {}),
  };
}
