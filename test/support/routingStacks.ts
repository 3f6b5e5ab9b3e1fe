import { loadStackFile, type StackFile } from "../../src/preview/stackFile.js";

/** The shipped staging stack with its route's `routing` set to one mode: the one-key switch. */
export function stagingWithRouting(routing: "mesh" | "inference-pool"): StackFile {
  const file = loadStackFile({ stack: "staging" });
  const fleet = structuredClone(file.config["llmfleet:fleet"]) as { routes: Record<string, unknown>[] };
  fleet.routes = fleet.routes.map((route) => ({ ...route, routing }));
  return { ...file, config: { ...file.config, "llmfleet:fleet": fleet } };
}
