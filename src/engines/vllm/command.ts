import { vllmKvEventsArgs } from "../../inferencePool/precisePrefix.js";
import { activationDtypeFlag, draftModelPath, modelPath } from "../../workload/modelPaths.js";
import { shellCommand } from "../../workload/shell.js";
import type { InferenceDeploymentSpec } from "../../workload/spec.js";
import type { ContainerCommand, GroupRole } from "../types.js";

/**
 * `vllm serve` as llmfleet starts it (flags from vLLM v0.18.0 `vllm/engine/arg_utils.py` and
 * `vllm/entrypoints/openai/cli_args.py`).
 */

/** The OpenAI-compatible API port (which also serves `/metrics`). */
export const VLLM_PORT = 8000;
/** torch.distributed rendezvous port on the group leader for the multiprocessing executor. */
export const VLLM_MASTER_PORT = 29500;
/** Ray GCS port on the group leader in Ray mode. */
export const RAY_PORT = 6379;
/** Ray's object store lives in /dev/shm; vLLM barely uses it, so it stays small. */
export const RAY_OBJECT_STORE_BYTES = 2 * 2 ** 30;

/**
 * `vllm serve` flags from the plan and the typed options, without `extraArgs`. The API key is
 * never a flag: vLLM reads `VLLM_API_KEY` from the environment, filled from a Secret.
 */
export function vllmEngineArgs(spec: InferenceDeploymentSpec): string[] {
  const { plan } = spec;
  const args = [
    "--port", String(VLLM_PORT),
    "--served-model-name", spec.servedModelName ?? plan.model.id,
    "--tensor-parallel-size", String(plan.tensorParallel),
    "--pipeline-parallel-size", String(plan.pipelineParallel),
    "--max-model-len", String(plan.model.maxModelLen),
    "--gpu-memory-utilization", String(plan.gpuMemoryUtilization),
    "--dtype", activationDtypeFlag(plan.model.dtype) ?? "auto",
    "--max-num-batched-tokens", String(plan.maxBatchedTokens),
    "--enable-chunked-prefill",
    spec.prefixCaching ? "--enable-prefix-caching" : "--no-enable-prefix-caching",
    "--shutdown-timeout", String(spec.shutdownTimeoutSeconds),
  ];
  if (plan.quantization !== null) args.push("--quantization", plan.quantization);
  if (plan.kvCacheDtype === "fp8") args.push("--kv-cache-dtype", "fp8");
  if (spec.speculative !== undefined) {
    const config = { model: draftModelPath(spec, spec.speculative.draftModel), num_speculative_tokens: spec.speculative.numSpeculativeTokens };
    args.push("--speculative-config", JSON.stringify(config));
  }
  if (spec.trustRemoteCode) args.push("--trust-remote-code");
  // Streams safetensors from the object store (docs.vllm.ai, "Loading models with Run:ai Model Streamer").
  if (spec.weightsCache === "runai-streamer") args.push("--load-format", "runai_streamer");
  // Behind a `prefixCacheRouting: precise` route: publish KV-cache events for llm-d's scheduler.
  if (spec.route?.publishKvEvents === true) args.push(...vllmKvEventsArgs(VLLM_PORT, spec.servedModelName ?? plan.model.id));
  return args;
}

/** Flags the command sets: the typed ones above and the executor's. */
export const VLLM_OWNED_FLAGS = [
  "--port", "--served-model-name", "--tensor-parallel-size", "--pipeline-parallel-size", "--max-model-len",
  "--gpu-memory-utilization", "--dtype", "--max-num-batched-tokens", "--enable-chunked-prefill", "--enable-prefix-caching",
  "--no-enable-prefix-caching", "--shutdown-timeout", "--quantization", "--kv-cache-dtype", "--speculative-config",
  "--trust-remote-code", "--distributed-executor-backend", "--nnodes", "--node-rank", "--master-addr", "--master-port",
  "--headless", "--model", "--api-key", "--load-format",
] as const;

const VLLM_SERVE = ["vllm", "serve"] as const;

function serveArgs(spec: InferenceDeploymentSpec): string[] {
  return [modelPath(spec), ...vllmEngineArgs(spec), ...spec.extraArgs];
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

/** A vLLM group across nodes that runs Ray (its pods carry Ray's processes too). */
export function usesRayExecutor(spec: Pick<InferenceDeploymentSpec, "plan" | "executor">): boolean {
  return spec.plan.nodes > 1 && spec.executor === "ray";
}

export function vllmCommand(spec: InferenceDeploymentSpec, role: GroupRole): ContainerCommand {
  if (role === "single") return { command: VLLM_SERVE, args: serveArgs(spec) };
  return usesRayExecutor(spec) ? rayCommand(spec, role) : multiprocessingCommand(spec, role);
}
