/**
 * `python3 -m sglang.launch_server` as llmfleet starts it. Every flag is from SGLang v0.5.18
 * `python/sglang/srt/server_args.py` (flags are generated from the `ServerArgs` dataclass fields,
 * `arg_groups/arg_utils.py`): `--model-path` (L492), `--host`/`--port` (L1277–1278, default
 * 127.0.0.1:30000), `--tp-size` (L1010), `--pp-size` (L1026), `--context-length` (L581),
 * `--mem-fraction-static` (L774, "model weights and KV cache memory pool"), `--chunked-prefill-size`
 * (L801), `--dtype` (L640), `--kv-cache-dtype` (L680), `--quantization` (L658), `--trust-remote-code`
 * (L576), `--disable-radix-cache` (L937), `--enable-metrics` (L1547), `--api-key` (L1359),
 * `--served-model-name` (L1369), `--nnodes`/`--node-rank` (L1008–1009), `--dist-init-addr` (L1000,
 * `host:port`). `launch_server` still works at this tag (it suggests `sglang serve`, which may probe
 * the hub for diffusion models unless `--model-type llm`; `launch_server.py` L56–67).
 */
import { activationDtypeFlag, modelPath } from "../../workload/modelPaths.js";
import type { InferenceDeploymentSpec } from "../../workload/spec.js";
import type { ContainerCommand, GroupRole } from "../types.js";

/** SGLang's default port (server_args.py L1278). */
export const SGLANG_PORT = 30000;
/** torch.distributed store on the group leader (`--dist-init-addr`; the LWS example uses 20000). */
export const SGLANG_DIST_INIT_PORT = 20000;
/**
 * SGLang reads its API key only from `--api-key` (no environment variable at v0.5.18: `environ.py`
 * has none). The key comes from a Secret into this variable, and Kubernetes expands `$(…)` in args,
 * so the pod spec and the Pulumi state hold the reference, never the key; the key is visible only in
 * the engine process's own command line inside the container.
 */
export const SGLANG_API_KEY_ENV = "SGLANG_API_KEY";

const LAUNCH = ["python3", "-m", "sglang.launch_server"] as const;

/** Flags from the plan and the typed options, for every pod of a replica. */
export function sglangEngineArgs(spec: InferenceDeploymentSpec): string[] {
  const { plan } = spec;
  const args = [
    "--model-path", modelPath(spec),
    // The default 127.0.0.1 is unreachable from the kubelet and the Service (and, on workers, from the probes of the dummy health server).
    "--host", "0.0.0.0",
    "--port", String(SGLANG_PORT),
    "--served-model-name", spec.servedModelName ?? plan.model.id,
    "--tp-size", String(plan.tensorParallel),
    "--pp-size", String(plan.pipelineParallel),
    "--context-length", String(plan.model.maxModelLen),
    "--mem-fraction-static", String(plan.gpuMemoryUtilization),
    "--chunked-prefill-size", String(plan.maxBatchedTokens),
    "--dtype", activationDtypeFlag(plan.model.dtype) ?? "auto",
    "--enable-metrics",
  ];
  if (plan.quantization !== null) args.push("--quantization", plan.quantization);
  // fp8_e4m3 is one of --kv-cache-dtype's choices (server_args.py L680–706) and the precision the planner sized.
  if (plan.kvCacheDtype === "fp8") args.push("--kv-cache-dtype", "fp8_e4m3");
  // The radix cache is SGLang's prefix cache.
  if (!spec.prefixCaching) args.push("--disable-radix-cache");
  if (spec.trustRemoteCode) args.push("--trust-remote-code");
  return args;
}

export const SGLANG_OWNED_FLAGS = [
  "--model-path", "--model", "--host", "--port", "--served-model-name", "--tp-size", "--tp", "--tensor-parallel-size", "--pp-size",
  "--pipeline-parallel-size", "--context-length", "--mem-fraction-static", "--chunked-prefill-size", "--dtype", "--enable-metrics",
  "--quantization", "--kv-cache-dtype", "--disable-radix-cache", "--trust-remote-code", "--api-key", "--nnodes", "--node-rank",
  "--dist-init-addr", "--nccl-init-addr",
] as const;

/**
 * One replica on one node, or a LeaderWorkerSet group: every pod runs the server with the group size
 * and its rank (LeaderWorkerSet injects `LWS_LEADER_ADDRESS` and `LWS_WORKER_INDEX`; the leader's
 * index is 0), as SGLang's own LWS example does (docs/references/multi_node_deployment/deploy_on_k8s.mdx).
 * Only rank 0 serves the API, so only the leader takes the key.
 */
export function sglangCommand(spec: InferenceDeploymentSpec, role: GroupRole): ContainerCommand {
  const apiKey = role === "worker" ? [] : ["--api-key", `$(${SGLANG_API_KEY_ENV})`];
  const group =
    role === "single"
      ? []
      : ["--nnodes", String(spec.plan.nodes), "--node-rank", role === "leader" ? "0" : "$(LWS_WORKER_INDEX)", "--dist-init-addr", `$(LWS_LEADER_ADDRESS):${SGLANG_DIST_INIT_PORT}`];
  return { command: LAUNCH, args: [...sglangEngineArgs(spec), ...apiKey, ...group, ...spec.extraArgs] };
}
