import { loadStackFile, type StackFile } from "../../src/preview/stackFile.js";

type Fleet = Record<string, unknown> & { routes: Record<string, unknown>[]; externalObjects?: Record<string, unknown>[] };

/** A shipped stack with its fleet config changed by `edit`, on a copy (the stack file is untouched). */
function editedStack(stack: string, edit: (fleet: Fleet) => Fleet): StackFile {
  const file = loadStackFile({ stack });
  const fleet = structuredClone(file.config["llmfleet:fleet"]) as Fleet;
  return { ...file, config: { ...file.config, "llmfleet:fleet": edit(fleet) } };
}

/** The shipped staging stack with its route's `routing` set to one mode: the one-key switch. */
export function stagingWithRouting(routing: "mesh" | "inference-pool"): StackFile {
  return editedStack("staging", (fleet) => ({ ...fleet, routes: fleet.routes.map((route) => ({ ...route, routing })) }));
}

/** The shipped prod stack with its deepseek route's `routing` set to one mode (qwen72b stays on the mesh). */
export function prodWithDeepseekRouting(routing: "mesh" | "inference-pool"): StackFile {
  return editedStack("prod", (fleet) => ({ ...fleet, routes: fleet.routes.map((route) => (route["name"] === "deepseek" ? { ...route, routing } : route)) }));
}

/** Staging's route sending all its traffic to qwen32b-v1 through one InferencePool: a single-node pool under Istio. */
export function stagingV1OnInferencePool(): StackFile {
  return editedStack("staging", (fleet) => ({ ...fleet, routes: fleet.routes.map((route) => ({ ...route, deployments: [{ name: "qwen32b-v1", weight: 100 }], routing: "inference-pool" })) }));
}

/** Staging's 90/10 canary on two InferencePools behind ACK's Gateway with Inference Extension: no mesh. */
export function stagingOnAck(): StackFile {
  return editedStack("staging", (fleet) => ({
    ...fleet,
    routes: fleet.routes.map((route) => ({ ...route, routing: "inference-pool" })),
    // ACK's Gateway lives in the serving namespace and reads its certificate there.
    externalObjects: (fleet.externalObjects ?? []).map((external) => ({ ...external, namespace: "llm-serving" })),
    mesh: { mode: "none" },
    inferenceGateway: { implementation: "ack" },
  }));
}
