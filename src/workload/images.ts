import type { Engine } from "../planner/types.js";

/** A container image pinned by tag or digest. */
export interface ImageRef {
  readonly repository: string;
  readonly tag?: string | undefined;
  readonly digest?: string | undefined;
}

/**
 * Images used when the spec names none. vLLM v0.18.0 is the first release with `--shutdown-timeout`
 * and still ships Ray (images from v0.19 do not), so both executors work with it.
 * BladeLLM has no default: PAI publishes its image per region in its own registry, so the user names it.
 */
export const DEFAULT_IMAGES: Readonly<Record<Engine, ImageRef | null>> = {
  vllm: { repository: "vllm/vllm-openai", tag: "v0.18.0" },
  bladellm: null,
  horovod: { repository: "horovod/horovod", tag: "0.28.1" },
};

/** The first vLLM release whose image no longer contains Ray. */
export const VLLM_WITHOUT_RAY = [0, 19] as const;

/** `repository@digest` when a digest is given (it wins), else `repository:tag`. */
export function imageReference(image: ImageRef): string {
  return image.digest !== undefined ? `${image.repository}@${image.digest}` : `${image.repository}:${image.tag ?? ""}`;
}

/** `[major, minor]` of a `vX.Y.Z` tag, or null for tags that are not versions. */
export function tagVersion(tag: string | undefined): readonly [number, number] | null {
  const match = /^v?(\d+)\.(\d+)/.exec(tag ?? "");
  return match ? [Number(match[1]), Number(match[2])] : null;
}
