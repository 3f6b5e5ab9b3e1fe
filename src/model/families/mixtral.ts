import { z } from "zod";
import { parseWith } from "../../errors/index.js";
import { readCheckpoint } from "../checkpointFields.js";
import { dimension } from "../dimension.js";
import { LLAMA_STYLE_LAYERS } from "../modelShape.js";
import type { FamilyReader } from "../modelShape.js";
import { readSlidingWindow } from "../slidingWindow.js";
import { decoderDimensions, decoderFields, readDecoderHeads } from "./decoderFields.js";

const mixtralSchema = z.object({
  ...decoderFields,
  num_local_experts: dimension,
  num_experts_per_tok: dimension.nullish(),
});

/** Hugging Face MixtralConfig default for `num_experts_per_tok`. */
const DEFAULT_EXPERTS_PER_TOKEN = 2;

/**
 * Mixtral: every layer is MoE and `intermediate_size` is the width of one expert; no shared expert, no biases,
 * a sliding window whenever `sliding_window` is set (null in Mixtral-8x7B-v0.1).
 */
export const readMixtral: FamilyReader = (input) => {
  const config = parseWith(mixtralSchema, input, "config");
  return {
    shape: {
      family: "mixtral",
      ...decoderDimensions(config, readDecoderHeads(config)),
      attentionBias: false,
      slidingWindow: readSlidingWindow(config, "when-set"),
      moe: {
        experts: config.num_local_experts,
        expertsPerToken: config.num_experts_per_tok ?? DEFAULT_EXPERTS_PER_TOKEN,
        expertIntermediateSize: config.intermediate_size,
        sharedExpertIntermediateSize: 0,
        denseLayers: 0,
      },
      mla: null,
      ...readCheckpoint(config, false),
    },
    layers: LLAMA_STYLE_LAYERS,
  };
};
