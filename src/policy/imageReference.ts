/** Container image references (`vllm/vllm-openai:v0.8.5`) and registry patterns. */

export interface ImageReference {
  /** Fully qualified repository without tag or digest, e.g. `docker.io/vllm/vllm-openai`. */
  readonly repository: string;
  readonly tag: string | undefined;
  /** `sha256:…` when pinned by digest. */
  readonly digest: string | undefined;
}

/** Splits an image reference, filling in Docker Hub's implicit `docker.io/library/`. */
export function parseImage(image: string): ImageReference {
  const [nameAndTag = "", digest] = image.split("@");
  const lastSlash = nameAndTag.lastIndexOf("/");
  const colon = nameAndTag.indexOf(":", lastSlash + 1);
  const name = colon < 0 ? nameAndTag : nameAndTag.slice(0, colon);
  const tag = colon < 0 ? undefined : nameAndTag.slice(colon + 1);
  const [first = "", ...rest] = name.split("/");
  const hasRegistry = rest.length > 0 && (first.includes(".") || first.includes(":") || first === "localhost");
  const repository = hasRegistry ? name : rest.length === 0 ? `docker.io/library/${name}` : `docker.io/${name}`;
  return { repository, tag, digest };
}

/**
 * Whether a repository lies under `pattern`: a repository prefix that ends at a path boundary, in
 * which `*` matches within one path segment. `docker.io/vllm` covers `docker.io/vllm/vllm-openai`;
 * `*.aliyuncs.com` covers every Alibaba Cloud Container Registry instance.
 */
export function repositoryMatches(repository: string, pattern: string): boolean {
  const body = pattern
    .replace(/\/+$/, "")
    .split("*")
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
    .join("[^/]*");
  return new RegExp(`^${body}(?:/.*)?$`).test(repository);
}
