/**
 * The shell the fetch Job runs: skip when the folder's completion marker exists (idempotent: a
 * re-run, a retried pod or a second `pulumi up` does nothing), download the pinned revision into the
 * writer mount, check it is a checkpoint, then write the marker last — through a temporary name and
 * a rename, so a reader never sees half a marker.
 *
 * CLIs as shipped in the vllm/vllm-openai image (docker/Dockerfile, stage vllm-openai, installs
 * `modelscope` and `huggingface_hub`):
 * - `modelscope download --model <repo> --revision <rev> --local_dir <dir>` (modelscope/cli/download.py)
 * - `huggingface_hub.snapshot_download(repo_id=…, revision=…, local_dir=…)` through `python3 -c`: the
 *   library call is the same in huggingface_hub 0.x and 1.x, while its CLI moved from
 *   `huggingface-cli download` to `hf download`; `HF_ENDPOINT` points it at a mirror
 *   (huggingface_hub/constants.py).
 */
import { shellQuote } from "../workload/shell.js";
import { COMPLETION_MARKER, pinnedRevision, type RemoteModelSource } from "./layout.js";

/** Where the fetch Job mounts the model's folder of the bucket. */
export const WRITER_MOUNT_PATH = "/weights";

function downloadCommand(source: RemoteModelSource): string {
  const repo = shellQuote(source.repo);
  const revision = shellQuote(pinnedRevision(source));
  return source.hub === "modelscope"
    ? `modelscope download --model ${repo} --revision ${revision} --local_dir "$dir"`
    : `python3 -c ${shellQuote(`import sys; from huggingface_hub import snapshot_download; snapshot_download(repo_id=sys.argv[1], revision=sys.argv[2], local_dir=sys.argv[3])`)} ${repo} ${revision} "$dir"`;
}

export function fetchScript(source: RemoteModelSource, bucketFolder: string): string {
  const marker = `"$dir/${COMPLETION_MARKER}"`;
  const label = `${source.hub}:${source.repo}@${pinnedRevision(source)}`;
  return [
    "set -eu",
    `dir=${WRITER_MOUNT_PATH}`,
    `destination=${shellQuote(bucketFolder)}`,
    `if [ -f ${marker} ]; then echo "llmfleet: ${label} is already complete in $destination (${COMPLETION_MARKER} present); nothing to do"; exit 0; fi`,
    `echo "llmfleet: downloading ${label} into $destination"`,
    downloadCommand(source),
    // A checkpoint has its config and at least one weight file; anything else is a wrong repo or revision.
    `test -f "$dir/config.json" || { echo "llmfleet: ${label} has no config.json: not a model checkpoint" >&2; exit 1; }`,
    `ls "$dir"/*.safetensors >/dev/null 2>&1 || ls "$dir"/*.bin >/dev/null 2>&1 || { echo "llmfleet: ${label} has no *.safetensors or *.bin weights" >&2; exit 1; }`,
    `{ echo "source=${source.hub}"; echo "repo=${source.repo}"; echo "revision=${pinnedRevision(source)}"; echo "files:"; ` +
      `cd "$dir" && find . -type f ! -name '${COMPLETION_MARKER}*' ! -path './.cache/*' ! -path './._____temp/*' | sort; } > ${marker}.tmp`,
    `mv ${marker}.tmp ${marker}`,
    `echo "llmfleet: ${label} complete in $destination"`,
  ].join("\n");
}
