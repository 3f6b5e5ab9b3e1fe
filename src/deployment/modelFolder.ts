import { findCatalogueEntry } from "../model/index.js";
import { sourcedModelFolder } from "../weights/layout.js";
import type { Deployment } from "./types.js";

/**
 * The folder of a model's weights in storage when the deployment names none: the Hugging Face
 * repository's folder for a catalogue model (written as a catalogue name or as its repo id, so
 * `Qwen/Qwen2.5-7B-Instruct` and `qwen2.5-7b-instruct` both give `Qwen2.5-7B-Instruct`), else the
 * model's id (a config.json's folder name).
 */
export function defaultModelFolder(model: string, modelId: string): string {
  return findCatalogueEntry(model)?.entry.repo.split("/").pop() ?? modelId;
}

/**
 * The deployment's folder in storage: its `modelPath` (or the default above), with `@<revision>`
 * for a model the stack fetches from a hub (`src/weights/layout.ts`).
 */
export function deploymentModelFolder(deployment: Pick<Deployment, "model" | "modelPath" | "modelSource">, modelId: string, legacySubPath?: string): string {
  return sourcedModelFolder(deployment.modelPath ?? legacySubPath ?? defaultModelFolder(deployment.model, modelId), deployment.modelSource);
}
