import type { InferenceDeploymentSpec } from "../../workload/spec.js";
import type { ContainerCommand } from "../types.js";

/** The environment variable that tells the batch program where the checkpoint is mounted. */
export const MODEL_PATH_ENV = "LLMFLEET_MODEL_PATH";

/** Workers only host sshd; the launcher's mpirun starts the ranks through it. */
export const WORKER_COMMAND: ContainerCommand = { command: ["/usr/sbin/sshd"], args: ["-De"] };

/**
 * The launcher's `mpirun` for distributed batch inference: one rank per GPU slot, ranks not bound to
 * cores (the engine manages its own threads), and the launcher's NCCL and model settings copied to
 * every rank with `-x` (OpenMPI passes no environment by default). `--allow-run-as-root` because the
 * Horovod image runs as root.
 *
 * @param exportedEnv names of launcher environment variables every rank needs
 */
export function mpirunCommand(spec: InferenceDeploymentSpec, exportedEnv: readonly string[], ranks: number): ContainerCommand {
  const exports = [...exportedEnv, "HOROVOD_GPU_ALLREDUCE=NCCL", "LD_LIBRARY_PATH", "PATH"].flatMap((name) => ["-x", name]);
  return {
    command: ["mpirun"],
    args: ["--allow-run-as-root", "-np", String(ranks), "-bind-to", "none", "-map-by", "slot", ...exports, ...(spec.batchJob?.command ?? [])],
  };
}
