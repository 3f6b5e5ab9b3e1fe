import type { ArchitectureShape, LayerDetails } from "./modelShape.js";
import type { MlaShape } from "./types.js";

/**
 * Parameters of a block split into those quantised checkpoints quantise (linear weights) and those they keep at
 * 16 bits (embeddings, lm_head, norms, routers, biases).
 */
export interface ParameterCount {
  readonly quantizable: number;
  readonly unquantized: number;
}

/** Parameter totals of a model, as stored on `ModelArchitecture`. */
export interface ModelParameters {
  readonly parameters: number;
  readonly unquantizedParameters: number;
  readonly mtpParameters: number;
}

const NONE: ParameterCount = { quantizable: 0, unquantized: 0 };

function sum(...counts: readonly ParameterCount[]): ParameterCount {
  return counts.reduce(
    (total, part) => ({
      quantizable: total.quantizable + part.quantizable,
      unquantized: total.unquantized + part.unquantized,
    }),
    NONE,
  );
}

function times(factor: number, part: ParameterCount): ParameterCount {
  return { quantizable: factor * part.quantizable, unquantized: factor * part.unquantized };
}

/** A linear layer: its weight is quantisable, its bias is not. */
function linear(inputs: number, outputs: number, bias = false): ParameterCount {
  return { quantizable: inputs * outputs, unquantized: bias ? outputs : 0 };
}

function norm(width: number, details: LayerDetails): ParameterCount {
  return { quantizable: 0, unquantized: details.norm === "layernorm" ? 2 * width : width };
}

function groupedQueryAttention(shape: ArchitectureShape, details: LayerDetails): ParameterCount {
  const { hiddenSize, attentionHeads, kvHeads, headDim, attentionBias } = shape;
  return sum(
    linear(hiddenSize, attentionHeads * headDim, attentionBias),
    times(2, linear(hiddenSize, kvHeads * headDim, attentionBias)),
    linear(attentionHeads * headDim, hiddenSize, details.outputProjectionBias),
    details.qkNorm ? times(2, norm(headDim, details)) : NONE,
  );
}

/** Multi-head latent attention: low-rank query (or a direct q_proj), a shared KV latent plus rope key, and o_proj. */
function latentAttention(shape: ArchitectureShape, mla: MlaShape, details: LayerDetails): ParameterCount {
  const { hiddenSize, attentionHeads } = shape;
  const queryWidth = attentionHeads * (mla.qkNopeHeadDim + mla.qkRopeHeadDim);
  const query =
    mla.qLoraRank === null
      ? linear(hiddenSize, queryWidth)
      : sum(linear(hiddenSize, mla.qLoraRank), norm(mla.qLoraRank, details), linear(mla.qLoraRank, queryWidth));
  return sum(
    query,
    linear(hiddenSize, mla.kvLoraRank + mla.qkRopeHeadDim),
    norm(mla.kvLoraRank, details),
    linear(mla.kvLoraRank, attentionHeads * (mla.qkNopeHeadDim + mla.vHeadDim)),
    linear(attentionHeads * mla.vHeadDim, hiddenSize, details.outputProjectionBias),
  );
}

/** One MLP: gate/up/down (SwiGLU) or up/down (bloom), with optional biases. */
function mlp(hiddenSize: number, width: number, details: LayerDetails): ParameterCount {
  const inputs = times(details.mlpMatrices - 1, linear(hiddenSize, width, details.mlpBias));
  return sum(inputs, linear(width, hiddenSize, details.mlpBias));
}

function sparseMlp(shape: ArchitectureShape, details: LayerDetails): ParameterCount {
  const { moe, hiddenSize } = shape;
  if (!moe) return NONE;
  const router: ParameterCount = {
    quantizable: 0,
    unquantized: hiddenSize * moe.experts + (details.routerBias ? moe.experts : 0),
  };
  return sum(
    times(moe.experts, mlp(hiddenSize, moe.expertIntermediateSize, details)),
    router,
    moe.sharedExpertIntermediateSize > 0 ? mlp(hiddenSize, moe.sharedExpertIntermediateSize, details) : NONE,
    details.sharedExpertGate ? { quantizable: 0, unquantized: hiddenSize } : NONE,
  );
}

function attention(shape: ArchitectureShape, details: LayerDetails): ParameterCount {
  return shape.mla ? latentAttention(shape, shape.mla, details) : groupedQueryAttention(shape, details);
}

/** One decoder layer: two norms, attention, and either the dense or the sparse MLP. */
function decoderLayer(shape: ArchitectureShape, details: LayerDetails, sparse: boolean): ParameterCount {
  return sum(
    times(2, norm(shape.hiddenSize, details)),
    attention(shape, details),
    sparse ? sparseMlp(shape, details) : mlp(shape.hiddenSize, shape.intermediateSize, details),
  );
}

function embeddings(shape: ArchitectureShape): ParameterCount {
  const table = shape.vocabSize * shape.hiddenSize;
  return { quantizable: 0, unquantized: shape.tieWordEmbeddings ? table : 2 * table };
}

/**
 * DeepSeek's MTP module per predicted token: its own embedding and lm_head copies (stored in the checkpoint), the
 * enorm/hnorm and final norm, the eh_proj that merges 2 × hidden into hidden, and one sparse decoder layer.
 */
function multiTokenPrediction(shape: ArchitectureShape, details: LayerDetails): ParameterCount {
  if (details.mtpLayers === 0) return NONE;
  const module = sum(
    { quantizable: 0, unquantized: 2 * shape.vocabSize * shape.hiddenSize },
    times(3, norm(shape.hiddenSize, details)),
    linear(2 * shape.hiddenSize, shape.hiddenSize),
    decoderLayer(shape, details, shape.moe !== null),
  );
  return times(details.mtpLayers, module);
}

/** Counts parameters from the shape; embeddings are counted once when tied. */
export function countParameters(shape: ArchitectureShape, details: LayerDetails): ModelParameters {
  const denseLayers = shape.moe ? shape.moe.denseLayers : shape.layers;
  const model = sum(
    embeddings(shape),
    details.embeddingNorm ? norm(shape.hiddenSize, details) : NONE,
    times(denseLayers, decoderLayer(shape, details, false)),
    times(shape.layers - denseLayers, decoderLayer(shape, details, true)),
    norm(shape.hiddenSize, details),
  );
  const mtp = multiTokenPrediction(shape, details);
  return {
    parameters: model.quantizable + model.unquantized,
    unquantizedParameters: model.unquantized,
    mtpParameters: mtp.quantizable + mtp.unquantized,
  };
}
