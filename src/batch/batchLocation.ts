import type { FleetConfig } from "../stack/config.js";
import { RESULTS_MOUNT_PATH } from "./outputLocation.js";

/** Where a batch deployment reads its prompts and writes its results, in the user's terms (the preview prints it). */
export interface BatchLocation {
  readonly input: string;
  /** The OSS prefix, or a note when the job's own command decides. */
  readonly output: string;
}

interface BatchDeployment {
  readonly name: string;
  readonly batchJob?: { readonly input?: string | undefined; readonly output?: string | undefined } | undefined;
}

/** The input relative to the storage root (which the fleet mounts at `/models`), and the output prefix. */
export function batchLocation(storage: FleetConfig["storage"], deployment: BatchDeployment): BatchLocation {
  const input = deployment.batchJob?.input ?? `jobs/${deployment.name}/input.jsonl`;
  return {
    input: storage.kind === "oss" ? `oss://${storage.bucket}/${input}` : `the NAS file system's /${input}`,
    output: deployment.batchJob?.output ?? `not set: the job's own command decides (${RESULTS_MOUNT_PATH} is not mounted)`,
  };
}
