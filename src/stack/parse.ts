import { LlmfleetErrors, parseWith } from "../errors/index.js";
import { cloudIdProblems } from "./cloudIds.js";
import { fleetConfigSchema, type FleetConfig } from "./config.js";
import { referenceProblems } from "./references.js";

/** The Pulumi config key that holds a stack's whole fleet. */
export const FLEET_CONFIG_KEY = "llmfleet:fleet";

/**
 * Validates a fleet configuration: shape (zod), then references and cloud identifiers, every problem
 * of those at once; errors name `llmfleet:fleet.<path>`.
 */
export function parseFleetConfig(input: unknown, root = FLEET_CONFIG_KEY): FleetConfig {
  const config = parseWith(fleetConfigSchema, input, root);
  const problems = [...referenceProblems(config, root), ...cloudIdProblems(config, root)];
  if (problems.length === 1 && problems[0] !== undefined) throw problems[0];
  if (problems.length > 1) throw new LlmfleetErrors(problems);
  return config;
}
