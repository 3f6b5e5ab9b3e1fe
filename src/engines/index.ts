/**
 * The engines llmfleet can run. Adding one is a folder with its definition and one line here.
 */
import { bladellm } from "./bladellm/index.js";
import { horovod } from "./horovod/index.js";
import { sglang } from "./sglang/index.js";
import type { EngineDefinition, EngineMetrics } from "./types.js";
import { vllm } from "./vllm/index.js";

const DEFINITIONS = { vllm, sglang, bladellm, horovod } as const satisfies Record<string, EngineDefinition>;

export type Engine = keyof typeof DEFINITIONS;
export const ENGINES = Object.keys(DEFINITIONS) as [Engine, ...Engine[]];

export function engineDefinition(engine: Engine): EngineDefinition {
  return DEFINITIONS[engine];
}

/** Every engine's definition, in registration order. */
export function engineDefinitions(): readonly EngineDefinition[] {
  return Object.values(DEFINITIONS);
}

/** The metrics of every engine that exports some llmfleet reads. */
export function engineMetricsList(): readonly EngineMetrics[] {
  return engineDefinitions().flatMap((engine) => (engine.metrics === null ? [] : [engine.metrics]));
}

export type { ContainerCommand, EngineDefinition, EngineMetrics, GroupRole } from "./types.js";
