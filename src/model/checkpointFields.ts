import { z } from "zod";
import { dimension } from "./dimension.js";
import { quantizationConfigSchema, readQuantization } from "./quantization.js";
import type { ModelArchitecture } from "./types.js";

const dtypeName = z.enum(["bfloat16", "float16", "half", "float32", "float"]);

const DTYPE_NAMES: Readonly<Record<z.output<typeof dtypeName>, ModelArchitecture["checkpointDtype"]>> = {
  bfloat16: "bf16",
  float16: "fp16",
  half: "fp16",
  float32: "fp32",
  float: "fp32",
};

/** config.json keys every family shares: context length, tying, dtype and quantisation. */
export const checkpointFields = {
  max_position_embeddings: dimension.nullish(),
  tie_word_embeddings: z.boolean().nullish(),
  torch_dtype: dtypeName.nullish(),
  /** Newer transformers write `dtype` instead of `torch_dtype`. */
  dtype: dtypeName.nullish(),
  quantization_config: quantizationConfigSchema.nullish(),
};
export type CheckpointConfig = z.output<z.ZodObject<typeof checkpointFields>>;

/** The checkpoint-level facts of an architecture, read the same way for every family. */
export type CheckpointFacts = Pick<
  ModelArchitecture,
  "maxPositionEmbeddings" | "tieWordEmbeddings" | "checkpointDtype" | "quantization"
>;

/**
 * Reads the shared checkpoint keys. `tiedByDefault` is the family's Hugging Face default for `tie_word_embeddings`
 * (false for the llama-style families, true for bloom).
 */
export function readCheckpoint(config: CheckpointConfig, tiedByDefault: boolean): CheckpointFacts {
  const dtype = config.torch_dtype ?? config.dtype;
  return {
    maxPositionEmbeddings: config.max_position_embeddings ?? null,
    tieWordEmbeddings: config.tie_word_embeddings ?? tiedByDefault,
    checkpointDtype: dtype ? DTYPE_NAMES[dtype] : "bf16",
    quantization: readQuantization(config.quantization_config),
  };
}
