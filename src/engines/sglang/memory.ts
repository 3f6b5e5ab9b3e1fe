/**
 * SGLang's memory model (v0.5.18). `--mem-fraction-static` is the share of GPU memory for the
 * static pool, the weights plus the KV cache (`mem_cache/kv_cache_configurator.py` L1764–1811:
 * the KV pool gets what is left of `fraction × memory` once the weights are loaded); the rest,
 * `1 − fraction`, must hold activations of one chunked-prefill step and the CUDA graphs. SGLang's
 * own default fraction reserves that rest by a formula (`server_args.py` `_handle_gpu_memory_settings`,
 * L4802–5000), which the planner reproduces so that a plan passes the same fraction SGLang would pick.
 */
import type { GpuModel } from "../../gpu/types.js";
import { kvBytesPerTokenPerGpu } from "../../model/index.js";
import { runtimeOverheadGiB, weightsPerGpuBytes, type MemoryBudget, type MemoryInputs } from "../../planner/memory.js";

const GiB = 2 ** 30;
const GB_IN_MiB = 1024;

/** SGLang's chunked-prefill size by GPU memory (server_args.py L4829–4887). */
export function sglangChunkedPrefillSize(gpu: GpuModel): number {
  const memoryMiB = gpu.usableGiB * 1024;
  if (memoryMiB < 35 * GB_IN_MiB) return 2048;
  if (memoryMiB < 60 * GB_IN_MiB) return 4096;
  if (memoryMiB < 160 * GB_IN_MiB) return 8192;
  return 16384;
}

/** The decode batch sizes SGLang captures CUDA graphs for (server_args.py L4829–4887). */
function cudaGraphMaxBatch(memoryMiB: number, tensorParallel: number): number {
  const wide = tensorParallel >= 4;
  if (memoryMiB < 20 * GB_IN_MiB) return 8;
  if (memoryMiB < 35 * GB_IN_MiB) return wide ? 80 : 24;
  if (memoryMiB < 60 * GB_IN_MiB) return wide ? 160 : 32;
  if (memoryMiB < 160 * GB_IN_MiB) return wide ? 512 : 256;
  return 512;
}

/**
 * `mem_fraction_static` as SGLang computes it when none is given (server_args.py L4948–4983):
 * reserve 512 MiB, 1.5 MiB per activation token (at least 2048), 1 GiB per 8 ranks, 2 MiB per captured
 * batch size, and at least 10 GiB on GPUs over 60 GiB.
 */
export function sglangMemFractionStatic(split: { readonly gpu: GpuModel; readonly tensorParallel: number; readonly pipelineParallel: number; readonly maxBatchedTokens: number }): number {
  const memoryMiB = split.gpu.usableGiB * 1024;
  let reservedMiB = 512 + Math.max(split.maxBatchedTokens, 2048) * 1.5 + ((split.tensorParallel * split.pipelineParallel) / 8) * 1024;
  reservedMiB += cudaGraphMaxBatch(memoryMiB, split.tensorParallel) * 2;
  if (memoryMiB > 60 * GB_IN_MiB) reservedMiB = Math.max(reservedMiB, 10 * GB_IN_MiB);
  return Math.round(((memoryMiB - reservedMiB) / memoryMiB) * 1000) / 1000;
}

/** The static pool (weights + KV) is `fraction × memory`; activations and graphs live outside it. */
export function sglangMemoryBudget(input: MemoryInputs): MemoryBudget {
  const { model, tensorParallel: tp, pipelineParallel: pp } = input;
  const usableGiB = input.gpuUsableGiB * input.gpuMemoryUtilization;
  const weightsGiB = weightsPerGpuBytes(model, input.dtype, tp, pp) / GiB;
  const overheadGiB = runtimeOverheadGiB(model, tp, input.maxBatchedTokens);
  const kvCacheGiB = usableGiB - weightsGiB;
  const perToken = kvBytesPerTokenPerGpu(model, input.kvBytes, tp, pp);
  // SGLang's token pool has a page size of 1 by default.
  const kvCacheTokens = kvCacheGiB > 0 ? Math.floor((kvCacheGiB * GiB) / perToken) : 0;
  return { usableGiB, weightsGiB, overheadGiB, kvCacheGiB, kvBytesPerTokenPerGpu: perToken, kvCacheTokens };
}

/** What is left outside the static pool must hold one step's activations and the CUDA graphs. */
export function sglangSlackProblem(input: { readonly gpu: GpuModel; readonly gpuMemoryUtilization: number; readonly memory: MemoryBudget }): string | null {
  const slackGiB = input.gpu.usableGiB * (1 - input.gpuMemoryUtilization);
  if (input.memory.overheadGiB <= slackGiB) return null;
  const round = (value: number): number => Math.round(value * 100) / 100;
  return (
    `SGLang keeps ${round(slackGiB)} GiB per ${input.gpu.name} outside its static pool (mem-fraction-static ${input.gpuMemoryUtilization}), ` +
    `less than the ${round(input.memory.overheadGiB)} GiB activations and CUDA graphs need`
  );
}
