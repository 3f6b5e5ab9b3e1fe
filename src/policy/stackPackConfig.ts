/**
 * The CrossGuard pack configuration of one stack. A policy pack cannot read the stack's Pulumi
 * configuration (the engine hands analyzers only the stack's tags), so the stack file's
 * environment and `policy.enforcement` overrides are turned into the file given to
 * `pulumi preview --policy-pack-config`: the pack then enforces what the offline preview enforces.
 */
import { parseWith } from "../errors/index.js";
import { policyConfigSchema } from "./config.js";
import type { EnforcementLevel } from "./types.js";
import { policyPackConfig } from "./packRules.js";

/** A stack file's policy settings: its environment and per-rule overrides, as written. */
export interface StackPolicySettings {
  readonly environment: unknown;
  readonly enforcement: unknown;
}

/** Each rule's level for the stack; errors name the stack key (`<root>.enforcement.no-privilegd`). */
export function stackPackConfig(settings: StackPolicySettings, root: string): Record<string, EnforcementLevel> {
  const config = parseWith(policyConfigSchema, { environment: settings.environment, enforcement: settings.enforcement }, root);
  return policyPackConfig(config.environment, config.enforcement);
}
