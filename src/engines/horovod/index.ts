import { LlmfleetError } from "../../errors/index.js";
import { memoryBudget } from "../../planner/memory.js";
import { literal } from "../../workload/environment.js";
import { modelPath } from "../../workload/modelPaths.js";
import { sshReadiness } from "../../workload/probes.js";
import { standardShmGiB } from "../shm.js";
import type { EngineDefinition } from "../types.js";
import { MODEL_PATH_ENV, mpirunCommand, SSHD_PORT, WORKER_COMMAND } from "./command.js";

/** sshd's privilege separation needs these back once ALL capabilities are dropped. */
export const SSHD_CAPABILITIES = ["SETUID", "SETGID", "SYS_CHROOT"] as const;

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
  defaultImage: { repository: "horovod/horovod", tag: "0.28.1" },
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
    environment: (spec) => [literal(MODEL_PATH_ENV, modelPath(spec))],
  },
  apiKeyEnv: null,
  ownedFlags: [],
  metrics: null,
  // Data-parallel ranks each load the whole model (one copy per GPU).
  checkpointReadsPerGroup: (plan) => plan.gpus,
  problems(spec) {
    if (spec.batchJob === undefined) {
      return [new LlmfleetError("batchJob.command", undefined, "a Horovod MPIJob needs the batch program each rank runs", 'give batchJob.command, e.g. ["python", "/models/jobs/batch_infer.py"]')];
    }
    return [];
  },
};
