import * as pulumi from "@pulumi/pulumi";
import { isUserError, parseWith } from "../errors/index.js";
import { validateManifests, type ManifestFinding } from "../k8s/index.js";
import { deployabilityFindings, mirrorContents, type DeployabilityFinding, type MirrorContents } from "../deployability/index.js";
import type { Plan } from "../planner/index.js";
import type { NcclTransport, StartupEstimate } from "../workload/index.js";
import type { BatchLocation } from "../batch/index.js";
import { DEFAULT_NON_ROOT_WAIVABLE_IMAGES, evaluatePolicies, policyConfigSchema, policyResourcesFromPreview, type PolicyFinding } from "../policy/index.js";
import { mirroredImage, type RegistryMirror } from "../registry/index.js";
import { FLEET_CONFIG_KEY, OFFLINE_PREVIEW_KEY } from "../stack/index.js";
import { stackManifests, type StackManifests } from "./manifests.js";
import { settle, startMockSession, type RecordedResource } from "./recorder.js";
import type { StackFile } from "./stackFile.js";

/** Everything one offline preview found. */
export interface StackPreview {
  readonly stack: string;
  readonly configPath: string;
  readonly environment: string;
  /** The fleet's plans, as the stack program made them (the preview never plans again). */
  readonly plans: ReadonlyMap<string, Plan>;
  /** NCCL's network between nodes per multi-node deployment, and why. */
  readonly transports: ReadonlyMap<string, NcclTransport>;
  /** Where each deployment's weights must be before its pods can start. */
  readonly weightLocations: ReadonlyMap<string, string>;
  /** Where each batch deployment reads its prompts and writes its results. */
  readonly batchLocations: ReadonlyMap<string, BatchLocation>;
  /** Estimated start per serving deployment and what its startup probe allows. */
  readonly startups: ReadonlyMap<string, StartupEstimate>;
  /** Deprecation warnings for old spellings in the stack file. */
  readonly warnings: readonly string[];
  readonly resources: readonly RecordedResource[];
  readonly manifests: StackManifests;
  readonly manifestFindings: readonly ManifestFinding[];
  readonly policyFindings: readonly PolicyFinding[];
  /** What a real apply would fail or hang on (src/deployability/). */
  readonly deployabilityFindings: readonly DeployabilityFinding[];
  /** The stack's registry mirror, if any. */
  readonly registry: RegistryMirror | undefined;
  /** The images and charts the stack pulls: what a mirror must hold. */
  readonly mirror: MirrorContents;
}

/** Stack configuration as the Pulumi runtime reads it: `namespace:key` → string (objects as JSON). */
function runtimeConfig(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

/** Component argument errors surface as Pulumi input errors carrying the llmfleet error as `cause`. */
function asUserError(error: unknown): unknown {
  const cause = error instanceof Error ? error.cause : undefined;
  return isUserError(cause) ? cause : error;
}

/**
 * A stack in a mainland China region without a mirror pulls from docker.io, quay.io, registry.k8s.io,
 * nvcr.io, ghcr.io and Istio's chart bucket, none of which ACK nodes there reach reliably
 * (docs/mirror.md): the first `pulumi up` then waits on image pulls that never finish.
 */
function mainlandChinaWarnings(region: string, registry: RegistryMirror | undefined, mirror: MirrorContents): string[] {
  if (!region.startsWith("cn-") || region === "cn-hongkong" || registry !== undefined) return [];
  return [
    `region ${region} is in mainland China and the stack sets no registry mirror: its ${mirror.images.length} images and ${mirror.charts.length} charts come from registries ACK nodes there do not reach reliably. ` +
      "Set registry: { mirror: <your ACR instance>/<namespace> } and copy what the preview lists under \"To mirror\" (docs/mirror.md)",
  ];
}

/**
 * Runs a stack's program under Pulumi's mocks (no credentials, no CLI, no plugins) and gathers the
 * plans, every registered resource, the Kubernetes manifests with their schema problems and the
 * policy findings. Throws LlmfleetError(s) for an invalid configuration.
 */
export async function previewStack(file: StackFile): Promise<StackPreview> {
  const session = startMockSession("llmfleet", file.stack);
  pulumi.runtime.setAllConfig({ ...runtimeConfig(file.config), [OFFLINE_PREVIEW_KEY]: "true" });
  let fleet;
  try {
    const { buildFleet } = await import("../../stacks/fleet.js");
    fleet = buildFleet();
    await settle();
  } catch (error) {
    throw asUserError(error);
  }
  const { config } = fleet;
  const registry = config.registry === undefined ? undefined : { mirror: config.registry.mirror, pullSecretName: config.registry.pullSecretName };
  // The vendor images that may run as root stay waivable once copied to the mirror.
  const waivable = registry === undefined ? {} : { nonRootWaivableImages: [...DEFAULT_NON_ROOT_WAIVABLE_IMAGES, ...DEFAULT_NON_ROOT_WAIVABLE_IMAGES.map((pattern) => mirroredImage(pattern, registry))] };
  const policyConfig = parseWith(policyConfigSchema, { environment: config.environment, enforcement: config.policy.enforcement, ...waivable }, `${FLEET_CONFIG_KEY}.policy`);

  const manifests = stackManifests(session.resources);
  const mirror = mirrorContents(session.resources, registry);
  return {
    stack: file.stack,
    configPath: file.path,
    environment: config.environment,
    plans: new Map(Object.entries(fleet.plans)),
    startups: new Map(Object.entries(fleet.startups)),
    weightLocations: new Map(Object.entries(fleet.weightLocations)),
    batchLocations: new Map(Object.entries(fleet.batchLocations)),
    transports: new Map(Object.entries(fleet.transports)),
    warnings: [...fleet.warnings, ...mainlandChinaWarnings(config.region, registry, mirror)],
    resources: session.resources,
    manifests,
    manifestFindings: await validateManifests(manifests.objects),
    policyFindings: evaluatePolicies(policyResourcesFromPreview(session.resources), policyConfig),
    deployabilityFindings: deployabilityFindings(session.resources, {
      declaredPools: config.cluster.mode === "existing" && config.cluster.systemPool !== undefined ? [config.cluster.systemPool] : [],
      externalObjects: config.externalObjects,
      registry,
    }),
    registry,
    mirror,
  };
}
