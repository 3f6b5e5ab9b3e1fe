import type { ModelArchitecture, WeightDtype } from "../model/types.js";
import { kvBytesPerTokenPerGpu, weightBytes } from "../model/index.js";

const GiB = 2 ** 30;
/** Embeddings and lm_head stay 16-bit in every checkpoint format llmfleet serves. */
const EMBEDDING_BYTES = 2;
/** vLLM's default cap on sequences in one step; bounds the logits tensor. */
const MAX_SEQUENCES_PER_STEP = 256;
/** Memory outside PyTorch's allocator (CUDA context, cuBLAS workspaces) measured by vLLM: ~0.35 GiB. */
const NON_TORCH_GiB = 0.35;
/** CUDA graph capture at vLLM's default batch sizes: 0.5–1.3 GiB; the low end for small models. */
const CUDA_GRAPHS_GiB = 0.5;
/** NCCL buffers by tensor-parallel degree (AIConfigurator: 0 / 342 / 392 / 392 MB at TP 1/2/4/8). */
function ncclGiB(tensorParallel: number): number {
  if (tensorParallel === 1) return 0;
  return (tensorParallel === 2 ? 342 : 392) * 1e6 / GiB;
}

export interface MemoryInputs {
  readonly model: ModelArchitecture;
  readonly dtype: WeightDtype;
  readonly kvBytes: number;
  readonly tensorParallel: number;
  readonly pipelineParallel: number;
  /** Usable memory of one GPU in GiB, as the driver reports it. */
  readonly gpuUsableGiB: number;
  readonly gpuMemoryUtilization: number;
  readonly maxBatchedTokens: number;
}

export interface MemoryBudget {
  readonly usableGiB: number;
  readonly weightsGiB: number;
  readonly overheadGiB: number;
  readonly kvCacheGiB: number;
  /** KV bytes one token takes on one GPU of the group. */
  readonly kvBytesPerTokenPerGpu: number;
  /** Tokens the KV cache holds (the same on every GPU of the group); 0 when there is no room. */
  readonly kvCacheTokens: number;
}

/**
 * Weights on the fullest GPU: each pipeline stage holds ceil(layers / PP) layers plus the embedding
 * (first stage) or the lm_head (last stage; a copy even when tied), all split across TP ranks.
 */
export function weightsPerGpuBytes(model: ModelArchitecture, dtype: WeightDtype, tp: number, pp: number): number {
  const embedding = model.vocabSize * model.hiddenSize * EMBEDDING_BYTES;
  const head = model.tieWordEmbeddings && pp === 1 ? 0 : embedding;
  const body = weightBytes(model, dtype) - embedding - (model.tieWordEmbeddings ? 0 : embedding);
  const layersOnFullestStage = Math.ceil(model.layers / pp);
  const ends = pp === 1 ? embedding + head : Math.max(embedding, head);
  return ((body / model.layers) * layersOnFullestStage + ends) / tp;
}

/**
 * Peak activation memory of one scheduler step: the MLP's gate/up and activation outputs and a few
 * hidden-size buffers per batched token, plus fp32 logits for the sequences sampled in the step.
 * Calibrated on vLLM issue 10517 (Llama-3.1-8B, 20k tokens: 2.07 GiB measured, 2.27 GiB here).
 */
export function activationBytes(model: ModelArchitecture, tp: number, maxBatchedTokens: number): number {
  const moeWidth = model.moe === null ? 0 : model.moe.expertIntermediateSize * model.moe.expertsPerToken;
  const mlpWidth = Math.max(model.intermediateSize, moeWidth) / tp;
  const perToken = (3 * mlpWidth + 4 * model.hiddenSize) * 2;
  const logits = Math.min(maxBatchedTokens, MAX_SEQUENCES_PER_STEP) * model.vocabSize * 4;
  return maxBatchedTokens * perToken + logits;
}

/** Activation peak of one step, non-torch memory, CUDA graphs and NCCL buffers on one GPU, in GiB. */
export function runtimeOverheadGiB(model: ModelArchitecture, tp: number, maxBatchedTokens: number): number {
  return activationBytes(model, tp, maxBatchedTokens) / GiB + NON_TORCH_GiB + CUDA_GRAPHS_GiB + ncclGiB(tp);
}

/**
 * vLLM's KV budget: total × gpu_memory_utilization − (weights + activation peak + non-torch
 * memory + CUDA graphs + NCCL buffers), per GPU (vLLM issue 10517's worked example).
 */
export function memoryBudget(input: MemoryInputs): MemoryBudget {
  const { model, tensorParallel: tp, pipelineParallel: pp } = input;
  const usableGiB = input.gpuUsableGiB * input.gpuMemoryUtilization;
  const weightsGiB = weightsPerGpuBytes(model, input.dtype, tp, pp) / GiB;
  const overheadGiB = runtimeOverheadGiB(model, tp, input.maxBatchedTokens);
  const kvCacheGiB = usableGiB - weightsGiB - overheadGiB;
  const perToken = kvBytesPerTokenPerGpu(model, input.kvBytes, tp, pp);
  // vLLM allocates the cache in blocks of 16 tokens.
  const kvCacheTokens = kvCacheGiB > 0 ? Math.floor((kvCacheGiB * GiB) / perToken / 16) * 16 : 0;
  return { usableGiB, weightsGiB, overheadGiB, kvCacheGiB, kvBytesPerTokenPerGpu: perToken, kvCacheTokens };
}

/** Tokens one sequence of `maxModelLen` occupies in the cache (sliding-window models cap at the window). */
export function tokensPerSequence(model: ModelArchitecture, maxModelLen: number): number {
  return model.slidingWindow === null ? maxModelLen : Math.min(maxModelLen, model.slidingWindow);
}
