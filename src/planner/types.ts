import type { Engine } from "../engines/index.js";
import type { KvCacheDtype, ModelArchitecture, WeightDtype } from "../model/types.js";
import type { GpuChoice, PriceTable } from "../gpu/types.js";

export type { Engine } from "../engines/index.js";

/** Input of the planner: a resolved model and GPU, and the serving options. */
export interface PlanRequest {
  readonly model: ModelArchitecture;
  readonly gpu: GpuChoice;
  readonly engine: Engine;
  /** `auto` picks the checkpoint's quantisation, else bf16 where the GPU supports it, else fp16. */
  readonly dtype: WeightDtype | "auto";
  readonly kvCacheDtype: KvCacheDtype;
  /** Longest sequence (prompt + output) to serve; defaults to the model's max_position_embeddings. */
  readonly maxModelLen?: number;
  /** Fraction of total GPU memory the engine may use (vLLM 0.9, BladeLLM 0.85 by default). */
  readonly gpuMemoryUtilization?: number;
  /** Explicit tensor-parallel degree; proposed when omitted. */
  readonly tensorParallel?: number;
  /** Explicit pipeline-parallel degree; proposed when omitted. */
  readonly pipelineParallel?: number;
  /** Token budget of one scheduler step (vLLM max_num_batched_tokens); drives the activation estimate. */
  readonly maxBatchedTokens?: number;
  /** Optional user price table used to rank candidate instance types. */
  readonly prices?: PriceTable;
  /** Sequences of `maxModelLen` one replica should hold at once; fewer warns with the fixes. Default 4; 0 never warns. */
  readonly minConcurrentSequences?: number;
}

/** Per-GPU memory budget in GiB. */
export interface PerGpuMemory {
  /** Total usable memory × gpu_memory_utilization. */
  readonly usableGiB: number;
  readonly weightsGiB: number;
  /** Activations at the batch token budget, CUDA graphs, NCCL buffers and the non-torch reserve. */
  readonly overheadGiB: number;
  /** What is left for the KV cache. */
  readonly kvCacheGiB: number;
}

/** A validated parallelism plan; the `plan --json` shape (field names are a public contract). */
export interface Plan {
  readonly model: {
    readonly id: string;
    readonly family: string;
    readonly parameters: number;
    readonly layers: number;
    readonly attentionHeads: number;
    readonly kvHeads: number;
    readonly headDim: number;
    /** Whole model, unsharded, at the KV dtype. */
    readonly kvBytesPerToken: number;
    /** Whole model at the serving dtype. */
    readonly weightBytes: number;
    readonly dtype: WeightDtype;
    readonly maxModelLen: number;
  };
  readonly engine: Engine;
  readonly gpu: { readonly name: string; readonly memoryGiB: number };
  readonly instanceType: string;
  readonly gpusPerNode: number;
  /** Nodes per replica. */
  readonly nodes: number;
  readonly tensorParallel: number;
  readonly pipelineParallel: number;
  /** TP × PP for one replica. */
  readonly gpus: number;
  readonly perGpu: PerGpuMemory;
  readonly kvCacheDtype: "fp8" | "bf16" | "fp16";
  /** vLLM `--quantization` method (`fp8`, `awq`, `gptq`, …); null for unquantised weights. */
  readonly quantization: string | null;
  readonly gpuMemoryUtilization: number;
  readonly maxBatchedTokens: number;
  /** KV-cache capacity of one replica in tokens. */
  readonly kvCacheTokens: number;
  /** Max-length sequences one replica can hold at once. */
  readonly maxConcurrency: number;
  /** Size of the `/dev/shm` memory volume per pod, in GiB. */
  readonly shmGiB: number;
  readonly warnings: readonly string[];
}
