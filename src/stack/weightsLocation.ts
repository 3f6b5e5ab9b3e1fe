import type { FleetConfig } from "./config.js";

/**
 * Where a deployment's weights must be before its pods start: the model folder (`modelPath`) at
 * the root of the fleet's storage, which `ModelStorage` mounts at `/models` (the fleet mounts the
 * bucket or file system root). The folder holds the checkpoint as published: `config.json`, the
 * tokenizer files and the `*.safetensors` shards.
 */
export function weightsLocation(storage: FleetConfig["storage"], modelPath: string): string {
  const folder = modelPath.replace(/\/+$/, "");
  return storage.kind === "oss" ? `oss://${storage.bucket}/${folder}/` : `the NAS file system's /${folder}/`;
}
