/** Model architecture facts the planner needs, normalised from a Hugging Face `config.json`. */

/** Families llmfleet understands, keyed by their `model_type`. */
export const MODEL_FAMILIES = [
  "llama",
  "mistral",
  "qwen2",
  "qwen3",
  "qwen2_moe",
  "qwen3_moe",
  "mixtral",
  "deepseek_v2",
  "deepseek_v3",
  "bloom",
] as const;
export type ModelFamily = (typeof MODEL_FAMILIES)[number];

/** Weight precisions a deployment can serve at. */
export const WEIGHT_DTYPES = ["bf16", "fp16", "fp8", "int8", "int4"] as const;
export type WeightDtype = (typeof WEIGHT_DTYPES)[number];

/** KV-cache precisions: the model's compute dtype (`auto`) or fp8. */
export const KV_CACHE_DTYPES = ["auto", "fp8"] as const;
export type KvCacheDtype = (typeof KV_CACHE_DTYPES)[number];

/** Mixture-of-experts shape (qwen2_moe, qwen3_moe, mixtral, deepseek). */
export interface MoeShape {
  /** Routed experts per MoE layer (`num_experts`, `num_local_experts`, `n_routed_experts`). */
  readonly experts: number;
  /** Experts activated per token (`num_experts_per_tok`). */
  readonly expertsPerToken: number;
  /** Width of one routed expert's MLP (`moe_intermediate_size`, or `intermediate_size` for mixtral). */
  readonly expertIntermediateSize: number;
  /** Shared-expert MLP width in total (qwen2_moe `shared_expert_intermediate_size`, deepseek n_shared_experts × moe width); 0 if none. */
  readonly sharedExpertIntermediateSize: number;
  /**
   * Layers that use a dense MLP of `intermediateSize` instead of experts: deepseek's leading `first_k_dense_replace`
   * layers, qwen MoE's `mlp_only_layers` and layers skipped by `decoder_sparse_step`.
   */
  readonly denseLayers: number;
}

/** Multi-head latent attention shape (deepseek_v2/v3). */
export interface MlaShape {
  readonly kvLoraRank: number;
  /** `q_lora_rank`; null when queries are projected directly (DeepSeek-V2-Lite). */
  readonly qLoraRank: number | null;
  readonly qkNopeHeadDim: number;
  readonly qkRopeHeadDim: number;
  readonly vHeadDim: number;
}

/** How the published checkpoint is quantised, from `quantization_config`. */
export interface CheckpointQuantization {
  /** `quant_method`: fp8, awq, gptq, compressed-tensors, … */
  readonly method: string;
  /** Bits per weight of the quantised layers (8 for fp8/int8, 4 for int4 AWQ/GPTQ). */
  readonly bits: number;
  /** Group size for group-wise schemes (AWQ/GPTQ 128), or the block edge for fp8 block quantisation; null if none. */
  readonly groupSize: number | null;
  /** Whether quantised weights are floating point (fp8) or integers (AWQ, GPTQ, int8); absent when unknown. */
  readonly weightType?: "float" | "int";
}

export interface ModelArchitecture {
  /** Catalogue name or the name the user gave (path basename for files). */
  readonly id: string;
  readonly family: ModelFamily;
  readonly hiddenSize: number;
  readonly layers: number;
  readonly attentionHeads: number;
  readonly kvHeads: number;
  /** Per-head dimension: explicit `head_dim` when present, else hidden / heads. For MLA: qk_nope + qk_rope. */
  readonly headDim: number;
  /** Dense MLP width (`intermediate_size`; bloom: 4 × hidden). */
  readonly intermediateSize: number;
  readonly vocabSize: number;
  /** `max_position_embeddings`; null when the config does not say (then the planner needs `maxModelLen`). */
  readonly maxPositionEmbeddings: number | null;
  readonly tieWordEmbeddings: boolean;
  /** q/k/v projections carry biases (qwen2, bloom). */
  readonly attentionBias: boolean;
  /** Sliding-window size when every layer uses one (mistral v0.1); null otherwise. */
  readonly slidingWindow: number | null;
  readonly moe: MoeShape | null;
  readonly mla: MlaShape | null;
  /** Dtype of the unquantised checkpoint (`torch_dtype`/`dtype`), bf16 when unspecified. */
  readonly checkpointDtype: "bf16" | "fp16" | "fp32";
  readonly quantization: CheckpointQuantization | null;
  /** Total parameters, computed from the shape (embeddings counted once when tied). */
  readonly parameters: number;
  /** Parameters kept at 16 bits even in quantised checkpoints (embeddings, lm_head, norms, router, biases). */
  readonly unquantizedParameters: number;
  /**
   * Parameters of DeepSeek's multi-token-prediction module (`num_nextn_predict_layers`), including the copies of the
   * embedding and lm_head the checkpoint stores for it. Engines load it only for MTP speculative decoding, so it is
   * not part of `parameters`. Absent or 0 for models without one.
   */
  readonly mtpParameters?: number;
}
