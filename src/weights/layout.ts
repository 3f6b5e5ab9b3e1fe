/**
 * The bucket layout of fetched weights (docs/weights.md): one folder per model and revision,
 * `<model>@<revision>/`, holding the checkpoint as the hub publishes it and, written last, the
 * completion marker. Serving pods and the node cache trust a folder only once the marker is there.
 */
import { createHash } from "node:crypto";
import type { ModelSource } from "../deployment/schema.js";

/** Written last by the fetch Job: the repo, the revision and the files it verified. */
export const COMPLETION_MARKER = ".llmfleet-complete";

export type RemoteModelSource = Extract<ModelSource, { hub: "modelscope" | "huggingface" }>;

export function isRemoteSource(source: ModelSource): source is RemoteModelSource {
  return source.hub !== "storage";
}

/** The pinned revision; the schema refuses a remote source without one. */
export function pinnedRevision(source: RemoteModelSource): string {
  if (source.revision === undefined) throw new Error(`modelSource ${source.repo} has no revision: the deployment schema must have refused it`);
  return source.revision;
}

/** The model's folder in storage: `<folder>@<revision>` for a fetched model, the folder itself otherwise. */
export function sourcedModelFolder(folder: string, source: ModelSource): string {
  return isRemoteSource(source) ? `${folder.replace(/\/+$/, "")}@${pinnedRevision(source)}` : folder;
}

/**
 * A DNS-label suffix naming a folder (`qwen2-5-7b-instruct-a09a3545`): readable, and with a hash of
 * the exact folder so two revisions never share a name (a new revision runs a new Job).
 */
export function folderSlug(folder: string, maxLength: number): string {
  const hash = createHash("sha256").update(folder).digest("hex").slice(0, 8);
  const readable = folder
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  const room = Math.max(0, maxLength - hash.length - 1);
  const head = readable.slice(0, room).replace(/-+$/, "");
  return head === "" ? hash : `${head}-${hash}`;
}
