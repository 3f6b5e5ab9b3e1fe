/**
 * SGLang, the engine of ACK's AI serving stack and of RoleBasedGroup/OME. Pinned at v0.5.18; every
 * fact below is from that tag of sgl-project/sglang (files and lines cited where used).
 */
import { LlmfleetError } from "../../errors/index.js";
import { literal } from "../../workload/environment.js";
import { standardShmGiB } from "../shm.js";
import type { EngineDefinition } from "../types.js";
import { SGLANG_API_KEY_ENV, SGLANG_OWNED_FLAGS, SGLANG_PORT, sglangCommand } from "./command.js";
import { sglangChunkedPrefillSize, sglangMemFractionStatic, sglangMemoryBudget, sglangSlackProblem } from "./memory.js";
import { sglangMetrics } from "./metrics.js";

export { SGLANG_PORT, SGLANG_DIST_INIT_PORT } from "./command.js";

/**
 * `lmsysorg/sglang:v0.5.18-cu129` (release-docker.yml): CUDA 12.9, which runs on the 5xx drivers ACK
 * GPU pools carry through CUDA's minor-version compatibility; the plain `v0.5.18` tag is CUDA 13.0 and
 * needs a 580+ driver.
 */
const DEFAULT_IMAGE = { repository: "lmsysorg/sglang", tag: "v0.5.18-cu129" } as const;

export const sglang: EngineDefinition = {
  name: "sglang",
  title: "SGLang",
  planning: {
    defaultGpuMemoryUtilization: sglangMemFractionStatic,
    defaultMaxBatchedTokens: sglangChunkedPrefillSize,
    modelParallel: true,
    // --nnodes/--node-rank/--dist-init-addr over a LeaderWorkerSet group.
    multiNode: true,
    shmGiB: standardShmGiB,
    checkCompatibility: () => undefined,
    memoryBudget: sglangMemoryBudget,
    splitProblem: sglangSlackProblem,
  },
  defaultImage: DEFAULT_IMAGE,
  imageAdvice: `give an lmsysorg/sglang image pinned by tag, e.g. ${DEFAULT_IMAGE.repository}:${DEFAULT_IMAGE.tag}`,
  vendorImages: { registries: ["docker.io/lmsysorg"], rootImages: ["docker.io/lmsysorg/sglang"] },
  container: {
    name: "sglang",
    port: SGLANG_PORT,
    // /health answers 503 until the model is loaded and warmed up, and while draining after SIGTERM
    // (entrypoints/http_server.py L654–725; tokenizer_manager.py L3114–3158).
    health: { kind: "http", path: "/health" },
    // The image ships kernel caches under /root/.cache/sglang, and the JIT cache path is fixed to
    // ~/.cache/sglang/jit (kernels/jit/utils/compile/cache.py L302): a read-only root would hide or
    // break them.
    readOnlyRootFilesystem: false,
    rootReason: "lmsysorg/sglang has no USER and runs as root; set image.runAsUser for an image built with a user",
  },
  workload: {
    kind: "serving",
    command: sglangCommand,
    // By default /health runs a one-token generation that may take 20 s (environ.py L319, L192);
    // the probes only need "loaded and not draining", and a hung scheduler is SGLang's watchdog's job.
    environment: () => [literal("SGLANG_ENABLE_HEALTH_ENDPOINT_GENERATION", "false")],
    extraHostGiB: () => 0,
  },
  apiKeyEnv: SGLANG_API_KEY_ENV,
  ownedFlags: SGLANG_OWNED_FLAGS,
  metrics: sglangMetrics,
  // SGLang's DefaultModelLoader derives from vLLM's and, like it, iterates every file in every rank;
  // not measured here, so the conservative count of vLLM's (vllm#5405) sizes the probe.
  checkpointReadsPerGroup: (plan) => plan.gpus,
  problems(spec) {
    const problems: LlmfleetError[] = [];
    if (spec.speculative !== undefined) {
      problems.push(
        new LlmfleetError(
          "speculative",
          spec.speculative,
          "llmfleet does not translate a draft model into SGLang's speculative flags (its algorithms EAGLE, EAGLE3, NEXTN and STANDALONE each take their own)",
          "remove speculative, and pass --speculative-algorithm with its flags in extraArgs",
        ),
      );
    }
    const served = spec.servedModelName ?? spec.plan.model.id;
    if (served.includes(":")) {
      // server_args.py L9182–9187 asserts this at start-up.
      problems.push(new LlmfleetError("servedModelName", served, "SGLang refuses a served model name with ':'", "use a name without ':', e.g. qwen2.5-7b"));
    }
    return problems;
  },
};
