import { LlmfleetError } from "../../errors/index.js";
import { memoryBudget } from "../../planner/memory.js";
import { literal } from "../../workload/environment.js";
import { modelPath } from "../../workload/modelPaths.js";
import { sshReadiness } from "../../workload/probes.js";
import { standardShmGiB } from "../shm.js";
import type { EngineDefinition } from "../types.js";
import { runsShippedScript } from "../../batch/volumes.js";
import { RESULTS_MOUNT_PATH } from "../../batch/outputLocation.js";
import { INPUT_PATH_ENV, inputPath, MODEL_PATH_ENV, mpirunCommand, NON_ROOT_SSH_DIR, OUTPUT_PATH_ENV, SSHD_PORT, WORKER_COMMAND } from "./command.js";

/** A root sshd's privilege separation needs these back once ALL capabilities are dropped (a non-root one needs none). */
export const SSHD_CAPABILITIES = ["SETUID", "SETGID", "SYS_CHROOT"] as const;

const DEFAULT_IMAGE = { repository: "horovod/horovod", tag: "0.28.1" } as const;

export const horovod: EngineDefinition = {
  name: "horovod",
  title: "Horovod",
  planning: {
    defaultGpuMemoryUtilization: () => 0.9,
    defaultMaxBatchedTokens: () => 4096,
    // Data-parallel ranks: each holds the whole model on one GPU.
    modelParallel: false,
    multiNode: false,
    shmGiB: (gpusPerPod) => standardShmGiB(gpusPerPod, 1),
    checkCompatibility: () => undefined,
    memoryBudget,
  },
  // Kept for programs of the user's own (`batchJob.command`) built on it; the shipped script needs
  // transformers and refuses it (problems below).
  defaultImage: DEFAULT_IMAGE,
  imageAdvice: "give a Horovod image with your batch program, pinned by tag or digest",
  vendorImages: { registries: ["docker.io/horovod"], rootImages: ["docker.io/horovod/horovod"] },
  container: {
    name: "horovod",
    port: null,
    health: { kind: "tcp" },
    // sshd writes its pid and host keys on the root filesystem.
    readOnlyRootFilesystem: false,
    rootReason: "OpenMPI starts ranks through sshd, which starts as root for privilege separation",
  },
  workload: {
    kind: "mpi-batch",
    launcherCommand: mpirunCommand,
    workerCommand: WORKER_COMMAND,
    workerCapabilities: SSHD_CAPABILITIES,
    workerReadiness: sshReadiness(SSHD_PORT),
    sshAuthMountPath: (runAsUser) => (runAsUser === undefined ? undefined : NON_ROOT_SSH_DIR),
    environment: (spec) => [
      literal(MODEL_PATH_ENV, modelPath(spec)),
      literal(INPUT_PATH_ENV, inputPath(spec)),
      ...(spec.batchJob?.output === undefined ? [] : [literal(OUTPUT_PATH_ENV, RESULTS_MOUNT_PATH)]),
    ],
  },
  apiKeyEnv: null,
  ownedFlags: [],
  metrics: null,
  // Data-parallel ranks each load the whole model (one copy per GPU).
  checkpointReadsPerGroup: (plan) => plan.gpus,
  problems(spec) {
    if (!runsShippedScript(spec)) return [];
    const problems: LlmfleetError[] = [];
    if (spec.batchJob?.output === undefined) {
      problems.push(
        new LlmfleetError(
          "batchJob.output",
          undefined,
          "the shipped batch script writes its results to an output location, and /models is read-only",
          "give batchJob.output, an OSS prefix such as oss://<bucket>/<folder>/ (the job gets a RAM role that may write only there), or your own batchJob.command",
        ),
      );
    }
    if (spec.image === undefined) {
      problems.push(
        new LlmfleetError(
          "image",
          undefined,
          `the default ${DEFAULT_IMAGE.repository}:${DEFAULT_IMAGE.tag} (CUDA 11.3, Python 3.8) has no transformers, which the shipped batch script needs`,
          "build batch/Dockerfile (Horovod with NCCL, PyTorch, transformers on CUDA 12), push it to your registry or the registry mirror, and set image to it (docs/batch.md)",
        ),
      );
    }
    return problems;
  },
};
