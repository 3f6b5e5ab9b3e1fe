import type { InferenceDeploymentSpec } from "../spec.js";
import { activationDtypeFlag, draftModelPath, ENGINE_PROFILES, modelPath } from "./profile.js";
import { shellCommand } from "./shell.js";

/** torch.distributed rendezvous port on the group leader for the multiprocessing executor. */
export const VLLM_MASTER_PORT = 29500;
/** Ray GCS port on the group leader in Ray mode. */
export const RAY_PORT = 6379;
/** Ray's object store lives in /dev/shm; vLLM barely uses it, so it stays small. */
export const RAY_OBJECT_STORE_BYTES = 2 * 2 ** 30;

/** Where a pod sits in its replica: a whole replica, or the leader or a worker of a multi-node group. */
export type GroupRole = "single" | "leader" | "worker";

export interface ContainerCommand {
  readonly command: readonly string[];
  readonly args: readonly string[];
}

/**
 * `vllm serve` flags from the plan and the typed engine options, without `extraArgs`. The API key is
 * never a flag: vLLM reads `VLLM_API_KEY` from the environment, filled from a Secret.
 */
export function vllmEngineArgs(spec: InferenceDeploymentSpec): string[] {
  const { plan, engineOptions: options } = spec;
  const args = [
    "--port", String(ENGINE_PROFILES.vllm.port),
    "--served-model-name", options.servedModelName ?? spec.modelId,
    "--tensor-parallel-size", String(plan.tensorParallel),
    "--pipeline-parallel-size", String(plan.pipelineParallel),
    "--max-model-len", String(plan.model.maxModelLen),
    "--gpu-memory-utilization", String(plan.gpuMemoryUtilization),
    "--dtype", activationDtypeFlag(plan.model.dtype) ?? "auto",
    "--max-num-batched-tokens", String(plan.maxBatchedTokens),
    "--enable-chunked-prefill",
    options.prefixCaching ? "--enable-prefix-caching" : "--no-enable-prefix-caching",
    "--shutdown-timeout", String(options.shutdownTimeoutSeconds),
  ];
  if (plan.quantization !== null) args.push("--quantization", plan.quantization);
  if (plan.kvCacheDtype === "fp8") args.push("--kv-cache-dtype", "fp8");
  if (options.speculative !== undefined) {
    const config = { model: draftModelPath(spec, options.speculative.draftModel), num_speculative_tokens: options.speculative.numSpeculativeTokens };
    args.push("--speculative-config", JSON.stringify(config));
  }
  if (spec.trustRemoteCode) args.push("--trust-remote-code");
  return args;
}

const VLLM_SERVE = ["vllm", "serve"] as const;

function serveArgs(spec: InferenceDeploymentSpec): string[] {
  return [modelPath(spec), ...vllmEngineArgs(spec), ...spec.engineOptions.extraArgs];
}

/**
 * Multiprocessing executor across nodes (vLLM ≥ 0.11): every pod runs `vllm serve` with the group
 * size and its rank; the leader (rank 0) serves the API, workers run `--headless`. LeaderWorkerSet
 * injects `LWS_LEADER_ADDRESS` and `LWS_WORKER_INDEX`, which Kubernetes expands in `$(…)`.
 */
function multiprocessingCommand(spec: InferenceDeploymentSpec, role: "leader" | "worker"): ContainerCommand {
  const distributed = [
    "--distributed-executor-backend", "mp",
    "--nnodes", String(spec.plan.nodes),
    "--node-rank", role === "leader" ? "0" : "$(LWS_WORKER_INDEX)",
    "--master-addr", "$(LWS_LEADER_ADDRESS)",
    "--master-port", String(VLLM_MASTER_PORT),
    ...(role === "worker" ? ["--headless"] : []),
  ];
  return { command: VLLM_SERVE, args: [...serveArgs(spec), ...distributed] };
}

/** Waits until every pod of the group has joined the Ray cluster (LWS_GROUP_SIZE is injected by LeaderWorkerSet). */
const WAIT_FOR_RAY_GROUP =
  `until python3 -c "import os, ray; ray.init(address='auto', logging_level='ERROR'); ` +
  `alive = sum(1 for node in ray.nodes() if node['Alive']); ` +
  `raise SystemExit(0 if alive >= int(os.environ['LWS_GROUP_SIZE']) else 1)"; do sleep 5; done`;

/** Ray executor for images that need it: a Ray cluster per group, `vllm serve` on the head once all nodes joined. */
function rayCommand(spec: InferenceDeploymentSpec, role: "leader" | "worker"): ContainerCommand {
  const rayNode = [`--node-ip-address="$VLLM_HOST_IP"`, `--object-store-memory=${RAY_OBJECT_STORE_BYTES}`, "--disable-usage-stats"].join(" ");
  const script =
    role === "leader"
      ? [
          "set -e",
          `ray start --head --port=${RAY_PORT} ${rayNode}`,
          WAIT_FOR_RAY_GROUP,
          `exec ${shellCommand([...VLLM_SERVE, ...serveArgs(spec), "--distributed-executor-backend", "ray"])}`,
        ].join("\n")
      : `exec ray start --block --address="$LWS_LEADER_ADDRESS:${RAY_PORT}" ${rayNode}`;
  return { command: ["/bin/sh", "-c"], args: [script] };
}

export function vllmCommand(spec: InferenceDeploymentSpec, role: GroupRole): ContainerCommand {
  if (role === "single") return { command: VLLM_SERVE, args: serveArgs(spec) };
  return spec.engineOptions.executor === "ray" ? rayCommand(spec, role) : multiprocessingCommand(spec, role);
}
