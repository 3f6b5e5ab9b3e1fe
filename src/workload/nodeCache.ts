/**
 * The node-local weights cache: the pools' ESSD data disk, which ACK mounts at /mnt/model-cache
 * (`nodePoolSettings.ts`). An init container copies the checkpoint there once per node and folder
 * (`<model>@<revision>` for fetched models), the engine then reads the local copy, and the compile
 * caches (vLLM, Triton, torch inductor) live there too, so a restart neither re-reads the storage nor
 * recompiles.
 *
 * Copy protocol (the script below): take an exclusive `flock` on a per-folder lock file on the
 * node disk, so the ranks and pods of one node copy once and the others wait; skip when the copy
 * is there (its `.llmfleet-cached` marker); check the disk's free space against the folder's size;
 * copy into a temporary folder and `mv` it into place (a rename on one file system is atomic, so a
 * reader sees the whole folder or none).
 */
import { MODEL_CACHE_MOUNT_PATH } from "../cluster/nodePoolSettings.js";
import type { ModelCacheDisk } from "../cluster/types.js";
import type { WeightsCache } from "../deployment/schema.js";
import { literal, type EnvVar } from "./environment.js";
import { shellQuote } from "./shell.js";

/** The node disk inside the pods. */
export const NODE_CACHE_MOUNT_PATH = "/model-cache";
export const NODE_CACHE_VOLUME = "model-cache";
export const CACHED_MARKER = ".llmfleet-cached";
/** Left free on the disk for the compile caches (vLLM's torch.compile artefacts, Triton kernels). */
export const COMPILE_CACHE_RESERVE_GIB = 20;

const GiB = 2 ** 30;

/** The hostPath volume the policy's `no-hostpath` rule admits for llmfleet serving pods (docs/policy.md). */
export function nodeCacheVolume(): Record<string, unknown> {
  return { name: NODE_CACHE_VOLUME, hostPath: { path: MODEL_CACHE_MOUNT_PATH, type: "DirectoryOrCreate" } };
}

export interface VolumeMount {
  readonly name: string;
  readonly mountPath: string;
  readonly readOnly?: boolean;
}

export function nodeCacheMount(): VolumeMount {
  return { name: NODE_CACHE_VOLUME, mountPath: NODE_CACHE_MOUNT_PATH };
}

/** Where a folder's local copy is, inside the pods. */
export function cachedModelPath(folder: string): string {
  return `${NODE_CACHE_MOUNT_PATH}/weights/${folder}`;
}

/** GiB a folder takes on the node disk. */
export function cachedGiB(weightBytes: number): number {
  return Math.ceil(weightBytes / GiB);
}

/** Whether the model fits the pool's data disk beside the compile caches. */
export function fitsNodeCache(weightBytes: number, disk: Pick<ModelCacheDisk, "diskGiB"> | undefined): boolean {
  return disk !== undefined && cachedGiB(weightBytes) + COMPILE_CACHE_RESERVE_GIB <= disk.diskGiB;
}

/** The load path when the deployment names none: the node disk when the model fits it, else the storage mount. */
export function resolveWeightsCache(requested: WeightsCache | undefined, weightBytes: number, disk: Pick<ModelCacheDisk, "diskGiB"> | undefined): WeightsCache {
  return requested ?? (fitsNodeCache(weightBytes, disk) ? "node-disk" : "none");
}

/**
 * Compile caches on the node disk, shared by the pods of a node (each cache keys its entries by the
 * versions and settings that produced them). Names as read upstream: `VLLM_CACHE_ROOT` (vllm/envs.py,
 * default ~/.cache/vllm, holding torch_compile_cache), `TRITON_CACHE_DIR` (triton/runtime/cache.py),
 * `TORCHINDUCTOR_CACHE_DIR` (torch/_inductor/runtime/cache_dir_utils.py).
 */
export function compileCacheEnvironment(engine: string): EnvVar[] {
  const root = `${NODE_CACHE_MOUNT_PATH}/compile`;
  return [
    ...(engine === "vllm" ? [literal("VLLM_CACHE_ROOT", `${root}/vllm`)] : []),
    literal("TRITON_CACHE_DIR", `${root}/triton`),
    literal("TORCHINDUCTOR_CACHE_DIR", `${root}/inductor`),
  ];
}

/** The two AccessKey variables the streamer's S3 client reads; the stack takes them from a Secret through `extraEnv`. */
export const RUNAI_CREDENTIAL_ENV = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] as const;

/**
 * The Run:ai streamer's S3 settings for OSS (vLLM's runai_model_streamer page for S3-compatible
 * stores; OSS's S3 compatibility takes virtual-hosted requests only, and there is no EC2 metadata).
 */
export function runaiStreamerEnvironment(s3Endpoint: string): EnvVar[] {
  return [literal("AWS_ENDPOINT_URL", s3Endpoint), literal("RUNAI_STREAMER_S3_USE_VIRTUAL_ADDRESSING", "1"), literal("AWS_EC2_METADATA_DISABLED", "true")];
}

/**
 * The init container's script: one copy per node and folder, under the node's lock. Paths go in as
 * quoted shell variables, so a folder name is never parsed as shell.
 *
 * The copy is valid only for the source it was made from: the marker holds the source's file list
 * with sizes and modification times (llmfleet's own markers left out), and a start whose source
 * lists differently — an upload still running when the copy was made, weights uploaded again into
 * the same folder — copies again instead of serving a stale or partial copy for good. Data is
 * flushed (`sync`) before the marker is written and the folder renamed into place, so a node that
 * crashes mid-copy never keeps truncated files under a valid marker.
 */
export function nodeCacheCopyScript(sourcePath: string, folder: string): string {
  const cache = `${NODE_CACHE_MOUNT_PATH}/weights`;
  return [
    "set -eu",
    `src=${shellQuote(sourcePath)}`,
    `folder=${shellQuote(folder)}`,
    `cache=${cache}`,
    'target="$cache/$folder"',
    'partial="$cache/.partial-$folder"',
    'mkdir -p "$cache"',
    'exec 9>"$cache/.$folder.lock"',
    `echo "llmfleet: taking this node's copy lock for $folder"`,
    "flock 9",
    `manifest=$(cd "$src" && find . -type f ! -name '.llmfleet-*' -printf '%P %s %T@\n' | LC_ALL=C sort)`,
    `if [ -f "$target/${CACHED_MARKER}" ] && [ "$(cat "$target/${CACHED_MARKER}")" = "$manifest" ]; then echo "llmfleet: $folder is already on this node's disk"; exit 0; fi`,
    `if [ -d "$target" ]; then echo "llmfleet: the copy of $folder on this node's disk differs from the model storage: copying it again"; fi`,
    // A crashed copy's leftovers and a stale copy go before the free space is measured.
    'rm -rf "$partial" "$target"',
    'need=$(du -sk "$src" | cut -f1)',
    `free=$(df -Pk "$cache" | awk 'NR==2 {print $4}')`,
    `if [ "$free" -lt "$need" ]; then echo "llmfleet: ${MODEL_CACHE_MOUNT_PATH} has $free KiB free but $folder needs $need KiB: remove old folders under ${MODEL_CACHE_MOUNT_PATH}/weights, raise the pool's dataDiskGiB, or set weightsCache: none" >&2; exit 1; fi`,
    `echo "llmfleet: copying $folder ($need KiB) from the model storage to this node's disk"`,
    'mkdir -p "$partial"',
    'cp -R "$src/." "$partial/"',
    "sync",
    `printf '%s' "$manifest" > "$partial/${CACHED_MARKER}"`,
    'mv "$partial" "$target"',
    "sync",
    'echo "llmfleet: $folder cached at $target"',
  ].join("\n");
}
