import type { ModelArchitecture } from "./types.js";

/** An architecture as a family reader produces it, before parameters are counted. */
export type ArchitectureShape = Omit<ModelArchitecture, "id" | "parameters" | "unquantizedParameters" | "mtpParameters">;

/**
 * Per-family layer details that change the parameter count but that the planner never needs, so they stay out of
 * `ModelArchitecture`.
 */
export interface LayerDetails {
  /** `layernorm` carries a weight and a bias (bloom); `rmsnorm` only a weight. */
  readonly norm: "layernorm" | "rmsnorm";
  /** A norm right after the token embedding (bloom's word_embeddings_layernorm). */
  readonly embeddingNorm: boolean;
  /** The attention output projection has a bias (bloom; llama with `attention_bias`). */
  readonly outputProjectionBias: boolean;
  /** Per-head RMSNorm on queries and keys (qwen3's q_norm/k_norm). */
  readonly qkNorm: boolean;
  /** Linear layers per MLP: 3 for gated SwiGLU (gate/up/down), 2 for bloom's up/down. */
  readonly mlpMatrices: 2 | 3;
  /** MLP linear layers have biases (bloom; llama with `mlp_bias`). */
  readonly mlpBias: boolean;
  /** qwen2_moe's one-output `shared_expert_gate` per MoE layer. */
  readonly sharedExpertGate: boolean;
  /** deepseek_v3's `e_score_correction_bias` on the router. */
  readonly routerBias: boolean;
  /** DeepSeek multi-token-prediction layers (`num_nextn_predict_layers`). */
  readonly mtpLayers: number;
}

/** Layer details of a llama-style decoder: RMSNorm, gated MLP, no extra biases. */
export const LLAMA_STYLE_LAYERS: LayerDetails = {
  norm: "rmsnorm",
  embeddingNorm: false,
  outputProjectionBias: false,
  qkNorm: false,
  mlpMatrices: 3,
  mlpBias: false,
  sharedExpertGate: false,
  routerBias: false,
  mtpLayers: 0,
};

/** What a family reader returns for one config.json. */
export interface FamilyReading {
  readonly shape: ArchitectureShape;
  readonly layers: LayerDetails;
}

/** Reads one family's config.json (already known to carry that `model_type`). */
export type FamilyReader = (config: unknown) => FamilyReading;
