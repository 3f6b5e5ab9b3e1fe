/** A container image pinned by tag or digest. */
export interface ImageRef {
  readonly repository: string;
  readonly tag?: string | undefined;
  readonly digest?: string | undefined;
}

/** `repository@digest` when a digest is given (it wins), else `repository:tag`. */
export function imageReference(image: ImageRef): string {
  return image.digest !== undefined ? `${image.repository}@${image.digest}` : `${image.repository}:${image.tag ?? ""}`;
}

/** `[major, minor]` of a `vX.Y.Z` tag, or null for tags that are not versions. */
export function tagVersion(tag: string | undefined): readonly [number, number] | null {
  const match = /^v?(\d+)\.(\d+)/.exec(tag ?? "");
  return match ? [Number(match[1]), Number(match[2])] : null;
}
