import { batchInputPath, RESULTS_MOUNT_PATH } from "../../batch/outputLocation.js";
import { BATCH_SCRIPT_PATH } from "../../batch/script.js";
import { activationDtypeFlag, modelPath } from "../../workload/modelPaths.js";
import type { InferenceDeploymentSpec } from "../../workload/spec.js";
import type { ContainerCommand } from "../types.js";

/** The environment variable that tells the batch program where the checkpoint is mounted. */
export const MODEL_PATH_ENV = "LLMFLEET_MODEL_PATH";
/** The prompts file and the output folder, for a program of the user's own (`batchJob.command`). */
export const INPUT_PATH_ENV = "LLMFLEET_BATCH_INPUT";
export const OUTPUT_PATH_ENV = "LLMFLEET_BATCH_OUTPUT";

/** The prompts file in the pods. */
export function inputPath(spec: InferenceDeploymentSpec): string {
  return batchInputPath(spec.volume.mountPath, spec.name, spec.batchJob?.input);
}

/**
 * What every rank runs: the user's `batchJob.command`, else llmfleet's shipped script (flags of
 * `batch/horovod_batch_infer.py`'s argument parser) over the input into `/results`.
 */
export function batchProgram(spec: InferenceDeploymentSpec): string[] {
  const batch = spec.batchJob;
  if (batch?.command !== undefined) return [...batch.command];
  return [
    "python3", BATCH_SCRIPT_PATH,
    "--model", modelPath(spec),
    "--input", inputPath(spec),
    "--output", RESULTS_MOUNT_PATH,
    "--max-new-tokens", String(batch?.maxNewTokens ?? 256),
    "--temperature", String(batch?.temperature ?? 0),
    "--dtype", activationDtypeFlag(spec.plan.model.dtype) ?? "auto",
  ];
}

/**
 * sshd listens above 1024: binding 22 needs NET_BIND_SERVICE once ALL capabilities are dropped
 * (unless the runtime lowers `ip_unprivileged_port_start`), and an unprivileged port needs nothing.
 */
export const SSHD_PORT = 2222;

/**
 * The ssh folder of a non-root image's user: mpi-operator v0.6.0 mounts the job's keys at
 * `sshAuthMountPath` (default `/root/.ssh`, `pkg/apis/kubeflow/v2beta1/types.go`); its own non-root
 * example (`examples/v2beta1/pi/pi.yaml`) and batch/Dockerfile use `mpiuser` with this home.
 */
export const NON_ROOT_SSH_DIR = "/home/mpiuser/.ssh";

/**
 * Workers only host sshd; the launcher's mpirun starts the ranks through it. `-p` wins over any
 * `Port` in the image's sshd_config (sshd(8)).
 */
export const WORKER_COMMAND: ContainerCommand = { command: ["/usr/sbin/sshd"], args: ["-De", "-p", String(SSHD_PORT)] };

/**
 * How OpenMPI's launcher reaches the workers' sshd. mpi-operator v0.6.0 appends its own
 * `OMPI_MCA_plm_rsh_args=-o ConnectionAttempts=10` after the container's env
 * (`pkg/controller/mpi_job_controller.go`, ompiEnvVars), so an env var of ours would lose; an MCA
 * parameter on the command line takes precedence over the environment, and keeps the operator's option.
 */
export const RSH_ARGS = `-p ${SSHD_PORT} -o ConnectionAttempts=10`;

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
    args: ["--allow-run-as-root", "-np", String(ranks), "-bind-to", "none", "-map-by", "slot", "--mca", "plm_rsh_args", RSH_ARGS, ...exports, ...batchProgram(spec)],
  };
}
