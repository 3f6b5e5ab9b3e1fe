import { renameDeprecatedKeys, deprecationWarning, type RenamedInput } from "../deployment/deprecatedKeys.js";
import { toDeployment } from "../deployment/deployment.js";
import { joinPath, parseWith, reroot, rerootError, throwAll, under, type FieldLocator } from "../errors/index.js";
import { cloudIdProblems } from "./cloudIds.js";
import { fleetConfigSchema, type FleetConfig } from "./config.js";
import { inferenceRoutingProblems, inferenceRoutingWarnings } from "./inferenceRouting.js";
import { referenceProblems } from "./references.js";

/** The Pulumi config key that holds a stack's whole fleet. */
export const FLEET_CONFIG_KEY = "llmfleet:fleet";

/** A validated fleet and the deprecation warnings its old spellings earned. */
export interface ParsedFleet {
  readonly config: FleetConfig;
  readonly warnings: readonly string[];
  /** Maps a field relative to the fleet (`deployments[1].tensorParallel`) to what the user wrote. */
  readonly locate: FieldLocator;
}

/**
 * How errors about the fleet name what the user wrote: paths under `root`, and inside
 * `deployments[i]` the old spelling of any key that was renamed.
 */
export function fleetLocator(root: string, renamed: readonly RenamedInput[]): FieldLocator {
  return (field) => {
    const match = /^deployments\[(\d+)\](.*)$/.exec(field);
    const written = match === null ? undefined : renamed[Number(match[1])]?.writtenAs;
    if (match === null || written === undefined) return joinPath(root, field);
    const rest = (match[2] ?? "").replace(/^\./, "");
    return under(joinPath(root, `deployments[${match[1]}]`), written)(rest);
  };
}

function deploymentsOf(input: unknown): unknown[] | undefined {
  const deployments = typeof input === "object" && input !== null ? (input as { deployments?: unknown }).deployments : undefined;
  return Array.isArray(deployments) ? deployments : undefined;
}

/**
 * Validates a fleet configuration: old spellings moved to their keys (with a warning each), the
 * shape (zod), then the references between its parts. Every error names `<root>.<path>` as the
 * user wrote it; all problems are reported together.
 */
export function parseFleet(input: unknown, root = FLEET_CONFIG_KEY): ParsedFleet {
  const raw = deploymentsOf(input);
  const renamed = (raw ?? []).map(renameDeprecatedKeys);
  const locate = fleetLocator(root, renamed);
  const renamedInput = raw === undefined ? input : { ...(input as object), deployments: renamed.map((r) => r.input) };
  throwAll(renamed.flatMap((r, i) => r.conflicts.map((error) => rerootError(error, (field) => joinPath(joinPath(root, `deployments[${i}]`), field)))));
  let fields;
  try {
    fields = parseWith(fleetConfigSchema, renamedInput);
  } catch (error) {
    throw reroot(error, locate);
  }
  const config: FleetConfig = { ...fields, deployments: fields.deployments.map(({ pool, ...deployment }) => ({ ...toDeployment(deployment, deployment.name), pool })) };
  throwAll([...referenceProblems(config), ...inferenceRoutingProblems(config), ...cloudIdProblems(config)].map((error) => rerootError(error, locate)));
  const warnings = [
    ...renamed.flatMap((r, i) => r.deprecations.map((d) => deprecationWarning(joinPath(root, `deployments[${i}]`), d))),
    ...storageCreateWarning(input, root),
    ...inferenceRoutingWarnings(config),
  ];
  return { config, warnings, locate };
}

/**
 * `storage.create` used to default to true. A stack that relied on that and created its bucket
 * would now leave the bucket out of the stack (kept in the cloud, but no longer managed): say so.
 */
function storageCreateWarning(input: unknown, root: string): string[] {
  const storage = typeof input === "object" && input !== null ? (input as { storage?: unknown }).storage : undefined;
  if (typeof storage !== "object" || storage === null) return [];
  const { kind, create } = storage as { kind?: unknown; create?: unknown };
  if (kind !== "oss" || create !== undefined) return [];
  return [
    `${joinPath(root, "storage.create")} is not set and now defaults to false (use an existing bucket). If this stack created its bucket when the default was true, ` +
      "set storage.create: true to keep managing it; otherwise set storage.create: false to silence this warning",
  ];
}

/** `parseFleet` without the warnings. */
export function parseFleetConfig(input: unknown, root = FLEET_CONFIG_KEY): FleetConfig {
  return parseFleet(input, root).config;
}
