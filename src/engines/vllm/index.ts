import { LlmfleetError } from "../../errors/index.js";
import { memoryBudget } from "../../planner/memory.js";
import { KV_EVENTS_HASH_SEED, KV_EVENTS_OWNED_FLAGS } from "../../inferencePool/precisePrefix.js";
import { literal, podIp } from "../../workload/environment.js";
import { tagVersion } from "../../workload/images.js";
import { standardShmGiB } from "../shm.js";
import type { EngineDefinition } from "../types.js";
import { RAY_PORT, usesRayExecutor, VLLM_MASTER_PORT, VLLM_OWNED_FLAGS, VLLM_PORT, vllmCommand } from "./command.js";
import { vllmMetrics } from "./metrics.js";
import { vllmBatchCommand } from "./batch.js";

export { VLLM_MASTER_PORT, RAY_PORT, VLLM_PORT };

/** Ray's GCS, raylet and dashboard processes. */
export const RAY_HOST_GiB = 4;

/**
 * v0.18.0 is the first release with `--shutdown-timeout` and still ships Ray (images from v0.19 do
 * not), so both executors work with it.
 */
const DEFAULT_IMAGE = { repository: "vllm/vllm-openai", tag: "v0.18.0" } as const;
/** The first vLLM release whose image no longer contains Ray. */
export const VLLM_WITHOUT_RAY = [0, 19] as const;

function shipsWithoutRay(tag: string | undefined): boolean {
  const version = tagVersion(tag);
  return version !== null && (version[0] > VLLM_WITHOUT_RAY[0] || (version[0] === VLLM_WITHOUT_RAY[0] && version[1] >= VLLM_WITHOUT_RAY[1]));
}

export const vllm: EngineDefinition = {
  name: "vllm",
  title: "vLLM",
  planning: {
    defaultGpuMemoryUtilization: () => 0.9,
    defaultMaxBatchedTokens: () => 8192,
    modelParallel: true,
    multiNode: true,
    shmGiB: standardShmGiB,
    checkCompatibility: () => undefined,
    memoryBudget,
  },
  defaultImage: DEFAULT_IMAGE,
  imageAdvice: `give a vllm/vllm-openai image pinned by tag, e.g. ${DEFAULT_IMAGE.repository}:${DEFAULT_IMAGE.tag}`,
  vendorImages: { registries: ["docker.io/vllm"], rootImages: ["docker.io/vllm/vllm-openai"] },
  container: {
    name: "vllm",
    port: VLLM_PORT,
    health: { kind: "http", path: "/health" },
    readOnlyRootFilesystem: true,
    rootReason: "vllm/vllm-openai runs as root by default; set image.runAsUser for an image built with a user",
  },
  workload: {
    kind: "serving",
    command: vllmCommand,
    // VLLM_HOST_IP is the pod IP, which the KV-events topic also names (src/inferencePool/precisePrefix.ts);
    // PYTHONHASHSEED is the scorer's `hashSeed` behind a precise route.
    environment: (spec) => [podIp("VLLM_HOST_IP"), ...(spec.route?.publishKvEvents === true ? [literal("PYTHONHASHSEED", KV_EVENTS_HASH_SEED)] : [])],
    extraHostGiB: (spec) => (usesRayExecutor(spec) ? RAY_HOST_GiB : 0),
  },
  indexedBatch: { command: vllmBatchCommand },
  // docs/erdma.md: the image's base, Ubuntu 22.04, ships an rdma-core that predates the erdma provider.
  defaultImageWithoutErdma: `${DEFAULT_IMAGE.repository}:${DEFAULT_IMAGE.tag} is built on Ubuntu 22.04, whose libibverbs has no erdma provider`,
  apiKeyEnv: "VLLM_API_KEY",
  ownedFlags: VLLM_OWNED_FLAGS,
  metrics: vllmMetrics,
  // The default loader (load format `auto`) iterates every safetensors file in every worker and
  // keeps the slices its rank needs: a TP × PP group reads the checkpoint TP × PP times (vllm#5405,
  // the maintainer's reading of a TP 4 load: "in total you need to load 436GB" for 144 GB of weights).
  checkpointReadsPerGroup: (plan) => plan.gpus,
  problems(spec) {
    const image = spec.image ?? DEFAULT_IMAGE;
    const problems: LlmfleetError[] = [];
    if (usesRayExecutor(spec) && image.repository === DEFAULT_IMAGE.repository && shipsWithoutRay(image.tag)) {
      problems.push(new LlmfleetError("executor", "ray", `vllm/vllm-openai ${image.tag ?? ""} ships without Ray`, 'use executor "mp", or an image that includes Ray'));
    }
    if (spec.route?.publishKvEvents === true) {
      // The precise route sets these to what its picker expects; a second value would break the match.
      const clashing = spec.extraArgs.filter((arg) => KV_EVENTS_OWNED_FLAGS.some((flag) => arg === flag || arg.startsWith(`${flag}=`)));
      if (clashing.length > 0) {
        problems.push(
          new LlmfleetError(
            "extraArgs",
            clashing.join(" "),
            `this deployment is behind a route with prefixCacheRouting: precise, which sets ${KV_EVENTS_OWNED_FLAGS.join(" and ")} to match its picker's KV-events subscription and block size`,
            `remove ${clashing.join(", ")} from extraArgs`,
          ),
        );
      }
    }
    return problems;
  },
};
