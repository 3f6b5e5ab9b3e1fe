import { modelPath } from "../../workload/modelPaths.js";
import { shellCommand } from "../../workload/shell.js";
import type { InferenceDeploymentSpec } from "../../workload/spec.js";
import type { BatchPaths, ContainerCommand } from "../types.js";
import { vllmEngineArgs } from "./command.js";

/**
 * vLLM's offline batch mode as one indexed-Job pod per shard. `vllm run-batch -i <file> -o <file>
 * --model <path>` plus the engine arguments (vLLM v0.18 `vllm/entrypoints/cli/run_batch.py`, whose
 * parser is `make_arg_parser` in `vllm/entrypoints/openai/run_batch.py`: `-i/--input-file`,
 * `-o/--output-file`, then `AsyncEngineArgs.add_cli_args`). Its own `--port` is the metrics server's
 * and `--shutdown-timeout` belongs to `vllm serve`, so neither is passed. The input is the OpenAI
 * batch format (`custom_id`, `method`, `url`, `body` per line).
 *
 * Sharding: each pod keeps the non-blank lines whose position modulo the shard count is its
 * `JOB_COMPLETION_INDEX` (python3 is in every vLLM image), so users keep one input file. A shard
 * whose part file exists is done and exits at once (a retried Job resumes); results go to a hidden
 * temporary file and are renamed, so `part-<index>.jsonl` is only ever complete.
 */
const SERVE_ONLY_FLAGS = new Set(["--port", "--shutdown-timeout"]);

function runBatchEngineArgs(spec: InferenceDeploymentSpec): string[] {
  const args = vllmEngineArgs(spec);
  return args.filter((arg, index) => !SERVE_ONLY_FLAGS.has(arg) && !SERVE_ONLY_FLAGS.has(args[index - 1] ?? ""));
}

const SELECT_SHARD = "import sys; n, i = int(sys.argv[1]), int(sys.argv[2]); lines = [l for l in open(sys.argv[3], encoding='utf-8') if l.strip()]; sys.stdout.writelines(lines[i::n])";

export function vllmBatchCommand(spec: InferenceDeploymentSpec, paths: BatchPaths, shards: number): ContainerCommand {
  const part = `${paths.output}/part-$JOB_COMPLETION_INDEX.jsonl`;
  const temporary = `${paths.output}/.part-$JOB_COMPLETION_INDEX.jsonl.tmp`;
  const shard = "/tmp/input-$JOB_COMPLETION_INDEX.jsonl";
  const runBatch = shellCommand(["vllm", "run-batch", "--model", modelPath(spec), ...runBatchEngineArgs(spec), ...spec.extraArgs]);
  const script = [
    "set -e",
    `if [ -f "${part}" ]; then echo "shard $JOB_COMPLETION_INDEX already written"; exit 0; fi`,
    `python3 -c ${shellCommand([SELECT_SHARD])} ${shards} "$JOB_COMPLETION_INDEX" ${shellCommand([paths.input])} > "${shard}"`,
    `${runBatch} -i "${shard}" -o "${temporary}"`,
    `mv "${temporary}" "${part}"`,
  ].join("\n");
  return { command: ["/bin/sh", "-c"], args: [script] };
}
