/**
 * The serving pods' first init container when the stack fetches the weights: it polls the folder's
 * completion marker on the read-only model mount and says what it waits for, so a pod that starts
 * before its fetch Job has finished waits in `Init` instead of crash-looping on half a checkpoint.
 */
import { COMPLETION_MARKER } from "./layout.js";
import { shellQuote } from "../workload/shell.js";
import { fetchJobName } from "./fetchJob.js";

export const MARKER_POLL_SECONDS = 30;

export function markerWaitScript(folderPath: string, folder: string): string {
  return [
    "set -eu",
    `marker=${shellQuote(`${folderPath}/${COMPLETION_MARKER}`)}`,
    `folder=${shellQuote(folder)}`,
    'until [ -f "$marker" ]; do',
    `  echo "llmfleet: waiting for $marker: Job ${fetchJobName(folder)} writes it once the download is complete and verified"`,
    `  sleep ${MARKER_POLL_SECONDS}`,
    "done",
    'echo "llmfleet: $folder is complete"',
  ].join("\n");
}
