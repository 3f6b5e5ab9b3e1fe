import { LlmfleetError } from "../../errors/index.js";
import { memoryBudget } from "../../planner/memory.js";
import { weightBytes } from "../../model/index.js";
import { SINGLE_GPU_SHM_GiB } from "../shm.js";
import type { EngineDefinition } from "../types.js";
import { BLADELLM_OWNED_FLAGS, BLADELLM_PORT, bladeLlmCommand } from "./command.js";

/** BladeLLM serves Qwen and Llama text models only (PAI-EAS BladeLLM documentation). */
const BLADELLM_FAMILIES: ReadonlySet<string> = new Set(["llama", "qwen2", "qwen3", "qwen2_moe", "qwen3_moe"]);
/** BladeLLM runs on A-, H- and L-series GPUs only. */
const BLADELLM_GPU_SERIES = /^[AHL]\d/;
/** BladeLLM needs GPU memory of at least 1.7 × the model footprint (PAI-EAS documentation). */
export const BLADELLM_MEMORY_FACTOR = 1.7;
/** PAI-EAS gives BladeLLM 64 GB of shm for multi-GPU serving. */
const BLADELLM_MULTI_GPU_SHM_GiB = 64;
const GiB = 2 ** 30;

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

export const bladellm: EngineDefinition = {
  name: "bladellm",
  title: "BladeLLM",
  planning: {
    defaultGpuMemoryUtilization: () => 0.85,
    defaultMaxBatchedTokens: () => 2048,
    modelParallel: true,
    // llmfleet serves a BladeLLM replica from one node.
    multiNode: false,
    shmGiB: (gpusPerPod, nodes) => (gpusPerPod > 1 || nodes > 1 ? BLADELLM_MULTI_GPU_SHM_GiB : SINGLE_GPU_SHM_GiB),
    checkCompatibility(model, gpu) {
      if (!BLADELLM_FAMILIES.has(model.family)) {
        throw new LlmfleetError("engine", "bladellm", `BladeLLM serves only Qwen and Llama text models, and ${model.id} is ${model.family}`, "use engine vllm or sglang for this model");
      }
      if (!BLADELLM_GPU_SERIES.test(gpu.name)) {
        throw new LlmfleetError("engine", "bladellm", `BladeLLM runs only on A-, H- and L-series GPUs, not ${gpu.name}`, "choose an A10, A100, L20 or H20 GPU, or use engine vllm");
      }
    },
    memoryBudget,
    splitProblem({ model, dtype, gpu, gpus }) {
      const totalGiB = gpu.usableGiB * gpus;
      const footprintGiB = weightBytes(model, dtype) / GiB;
      return totalGiB < BLADELLM_MEMORY_FACTOR * footprintGiB
        ? `BladeLLM needs ${BLADELLM_MEMORY_FACTOR} × the ${round(footprintGiB)} GiB model footprint in GPU memory; ${gpus} × ${gpu.name} has ${round(totalGiB)} GiB`
        : null;
    },
  },
  // PAI publishes the image per region in its own registry, so the user names it.
  defaultImage: null,
  imageAdvice: "give the BladeLLM image of your region's PAI-EAS registry, pinned by tag or digest",
  // PAI-EAS publishes BladeLLM in each region's Container Registry.
  vendorImages: { registries: ["*.aliyuncs.com"], rootImages: ["*.aliyuncs.com/pai-eas/blade*"] },
  container: {
    name: "bladellm",
    port: BLADELLM_PORT,
    // BladeLLM documents no health endpoint; its server listens only once the model is loaded.
    health: { kind: "tcp" },
    readOnlyRootFilesystem: false,
    rootReason: "the PAI BladeLLM image runs as root; set image.runAsUser for an image built with a user",
  },
  workload: { kind: "serving", command: bladeLlmCommand, environment: () => [], extraHostGiB: () => 0 },
  // BladeLLM checks an Authorization token configured on PAI-EAS, not an environment variable.
  apiKeyEnv: null,
  ownedFlags: BLADELLM_OWNED_FLAGS,
  // llmfleet has no verified BladeLLM metric names: no autoscaling signal, no dashboards.
  metrics: null,
  // BladeLLM's loader is not public; assume vLLM's behaviour (every rank reads every shard,
  // vllm#5405): a too-long probe only waits, a too-short one restarts a loading pod forever.
  checkpointReadsPerGroup: (plan) => plan.gpus,
  problems: () => [],
};
