import { LlmfleetError } from "../errors/index.js";

/** Placeholder until the offline preview lands: reports that the command is not available yet. */
export async function runPreview(_args: readonly string[]): Promise<{ out: string; code: number }> {
  throw new LlmfleetError("command", "preview", "the offline preview is not built yet", "use `llmfleet plan` for now");
}
