/**
 * Image references rewritten onto a registry mirror (an ACR namespace), for mainland China regions
 * where docker.io, quay.io, registry.k8s.io, nvcr.io and gcr.io are not reliably reachable.
 * The mirror keeps the source's repository path, so one mirror holds images of every source without
 * collisions: `vllm/vllm-openai:v0.9.2` → `<mirror>/docker.io/vllm/vllm-openai:v0.9.2`.
 */

export interface RegistryMirror {
  /** `<registry host>/<namespace>`, e.g. `llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror`. */
  readonly mirror: string;
  /** Image pull Secret in each namespace that pulls from the mirror. */
  readonly pullSecretName?: string | undefined;
}

/** Docker Hub when the first path segment is not a registry host (no `.` or `:`, not `localhost`). */
function splitRegistry(reference: string): { registry: string; path: string } {
  const slash = reference.indexOf("/");
  const first = slash === -1 ? "" : reference.slice(0, slash);
  if (first !== "" && (first.includes(".") || first.includes(":") || first === "localhost")) return { registry: first, path: reference.slice(slash + 1) };
  // Official Docker Hub images live under library/.
  return { registry: "docker.io", path: slash === -1 ? `library/${reference}` : reference };
}

/** The mirror without a trailing slash: what every mirrored reference starts with. */
export function mirrorPrefix(registry: RegistryMirror): string {
  return registry.mirror.replace(/\/+$/, "");
}

/** Whether a reference already points at the mirror. */
export function isOnMirror(reference: string, registry: RegistryMirror): boolean {
  return reference.startsWith(`${mirrorPrefix(registry)}/`);
}

/** The reference with its registry written out: `vllm/vllm-openai:v0.9.2` → `docker.io/vllm/vllm-openai:v0.9.2`. */
export function qualifiedImage(reference: string): string {
  const { registry, path } = splitRegistry(reference);
  return `${registry}/${path}`;
}

/** The reference on the mirror; unchanged without one, or when it already points at the mirror. */
export function mirroredImage(reference: string, registry: RegistryMirror | undefined): string {
  if (registry === undefined || isOnMirror(reference, registry)) return reference;
  return `${mirrorPrefix(registry)}/${qualifiedImage(reference)}`;
}

/** Where a mirrored reference was copied from; a reference off the mirror, qualified. */
export function sourceImage(reference: string, registry: RegistryMirror | undefined): string {
  if (registry !== undefined && isOnMirror(reference, registry)) return reference.slice(mirrorPrefix(registry).length + 1);
  return qualifiedImage(reference);
}
