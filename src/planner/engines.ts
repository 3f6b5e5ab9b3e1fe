import { LlmfleetError } from "../errors/index.js";
import type { GpuModel } from "../gpu/types.js";
import type { ModelArchitecture } from "../model/types.js";
import type { Engine } from "./types.js";

/** What differs between serving engines for sizing. */
export interface EngineRules {
  /** Fraction of GPU memory the engine takes by default. */
  readonly defaultGpuMemoryUtilization: number;
  /** Default token budget of one scheduler step. */
  readonly defaultMaxBatchedTokens: number;
  /** The engine can split one model over several GPUs (TP/PP). */
  readonly modelParallel: boolean;
  /** One replica can span several nodes (vLLM on a LeaderWorkerSet); BladeLLM serves from one node. */
  readonly multiNode: boolean;
  /** `/dev/shm` per pod in GiB for a pod with `gpusPerPod` GPUs in a replica of `nodes` nodes. */
  shmGiB(gpusPerPod: number, nodes: number): number;
  /** Throws when the engine cannot serve this model on this GPU at all. */
  checkCompatibility(model: ModelArchitecture, gpu: GpuModel): void;
}

/** NCCL and vLLM's worker message queues live in /dev/shm; 16 GiB for TP ≥ 2 or multi-node (serving.md). */
const MULTI_GPU_SHM_GiB = 16;
const SINGLE_GPU_SHM_GiB = 2;
/** PAI-EAS gives BladeLLM 64 GB of shm for multi-GPU serving. */
const BLADELLM_MULTI_GPU_SHM_GiB = 64;

const BLADELLM_FAMILIES: ReadonlySet<string> = new Set(["llama", "qwen2", "qwen3", "qwen2_moe", "qwen3_moe"]);
/** BladeLLM runs on A-, H- and L-series GPUs only. */
const BLADELLM_GPU_SERIES = /^[AHL]\d/;

const noChecks = (): void => undefined;

export const ENGINE_RULES: Readonly<Record<Engine, EngineRules>> = {
  vllm: {
    defaultGpuMemoryUtilization: 0.9,
    defaultMaxBatchedTokens: 8192,
    modelParallel: true,
    multiNode: true,
    shmGiB: (gpusPerPod, nodes) => (gpusPerPod > 1 || nodes > 1 ? MULTI_GPU_SHM_GiB : SINGLE_GPU_SHM_GiB),
    checkCompatibility: noChecks,
  },
  bladellm: {
    defaultGpuMemoryUtilization: 0.85,
    defaultMaxBatchedTokens: 2048,
    modelParallel: true,
    multiNode: false,
    shmGiB: (gpusPerPod, nodes) => (gpusPerPod > 1 || nodes > 1 ? BLADELLM_MULTI_GPU_SHM_GiB : SINGLE_GPU_SHM_GiB),
    checkCompatibility(model, gpu) {
      if (!BLADELLM_FAMILIES.has(model.family)) {
        throw new LlmfleetError(
          "engine",
          "bladellm",
          `BladeLLM serves only Qwen and Llama text models, and ${model.id} is ${model.family}`,
          "use --engine vllm for this model",
        );
      }
      if (!BLADELLM_GPU_SERIES.test(gpu.name)) {
        throw new LlmfleetError(
          "engine",
          "bladellm",
          `BladeLLM runs only on A-, H- and L-series GPUs, not ${gpu.name}`,
          "choose an A10, A100, L20 or H20 GPU, or use --engine vllm",
        );
      }
    },
  },
  horovod: {
    defaultGpuMemoryUtilization: 0.9,
    defaultMaxBatchedTokens: 4096,
    modelParallel: false,
    multiNode: false,
    shmGiB: (gpusPerPod) => (gpusPerPod > 1 ? MULTI_GPU_SHM_GiB : SINGLE_GPU_SHM_GiB),
    checkCompatibility: noChecks,
  },
};

/** BladeLLM needs GPU memory of at least 1.7 × the model footprint (PAI-EAS documentation). */
export const BLADELLM_MEMORY_FACTOR = 1.7;
