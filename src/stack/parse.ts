import { parseWith } from "../errors/index.js";
import { fleetConfigSchema, type FleetConfig } from "./config.js";
import { checkReferences } from "./references.js";

/** The Pulumi config key that holds a stack's whole fleet. */
export const FLEET_CONFIG_KEY = "llmfleet:fleet";

/** Validates a fleet configuration: shape (zod) and references; errors name `llmfleet:fleet.<path>`. */
export function parseFleetConfig(input: unknown, root = FLEET_CONFIG_KEY): FleetConfig {
  const config = parseWith(fleetConfigSchema, input, root);
  checkReferences(config, root);
  return config;
}
