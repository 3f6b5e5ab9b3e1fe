/**
 * Policy configuration: the environment, per-rule enforcement overrides and the lists rules check
 * against. Validated once with zod; errors name the offending key (`enforcement.no-privilegd`).
 */
import { z } from "zod";
import { engineDefinitions } from "../engines/index.js";
import { parseWith } from "../errors/index.js";
import { INSTANCE_TYPES } from "../gpu/index.js";
import { ENDPOINT_PICKER_REPOSITORY } from "../inferencePool/pinned.js";
import { LLM_D_REGISTRY } from "../inferencePool/precisePrefix.js";
import { ENVIRONMENTS } from "./enforcement.js";
import { ALL_RULES } from "./rules/index.js";

const enforcementLevel = z.enum(["advisory", "mandatory", "disabled"]);
const ruleName = z.enum(ALL_RULES.map((rule) => rule.name) as [string, ...string[]]);
const nonEmptyStrings = z.array(z.string().min(1));

/** Every GPU instance type of the llmfleet catalogue. */
export const DEFAULT_GPU_INSTANCE_TYPES: readonly string[] = INSTANCE_TYPES.map((instanceType) => instanceType.name);

/**
 * The engines' vendor registries (src/engines), NVIDIA's registry, any Alibaba Cloud Container
 * Registry instance, and the Gateway API Inference Extension's endpoint picker (src/inferencePool).
 */
export const DEFAULT_ALLOWED_REGISTRIES: readonly string[] = [
  ...new Set([...engineDefinitions().flatMap((engine) => engine.vendorImages.registries), "nvcr.io/nvidia", "*.aliyuncs.com", ENDPOINT_PICKER_REPOSITORY, LLM_D_REGISTRY]),
];

/** Vendor images that run as root by default, each engine's documented reason in its definition. */
export const DEFAULT_NON_ROOT_WAIVABLE_IMAGES: readonly string[] = [...new Set(engineDefinitions().flatMap((engine) => engine.vendorImages.rootImages))];

export const policyConfigSchema = z.strictObject({
  /** Which `ENVIRONMENT_ENFORCEMENT` preset applies. Default `prod`. */
  environment: z.enum(ENVIRONMENTS).default("prod"),
  /** Per-rule enforcement overrides, keyed by rule name. Default none. */
  enforcement: z.partialRecord(ruleName, enforcementLevel).default({}),
  /** ECS GPU instance types node pools may use. Default: the GPU catalogue. */
  allowedGpuInstanceTypes: nonEmptyStrings.default([...DEFAULT_GPU_INSTANCE_TYPES]),
  /** Repository prefixes images may come from (`*` matches within one path segment). */
  allowedRegistries: nonEmptyStrings.min(1).default([...DEFAULT_ALLOWED_REGISTRIES]),
  /** Repository patterns whose containers may run as root under a documented waiver annotation. */
  nonRootWaivableImages: nonEmptyStrings.default([...DEFAULT_NON_ROOT_WAIVABLE_IMAGES]),
  /** Models (Hugging Face ids) whose code was reviewed, allowed with --trust-remote-code. Default none. */
  trustRemoteCodeModels: nonEmptyStrings.default([]),
  /** Shortest Istio route timeout in seconds that still fits a long generation. Default 300. */
  minRouteTimeoutSeconds: z.number().int().positive().default(300),
  /** Labels of the ingress gateway pods, the only ones a public Service may select. */
  gatewaySelector: z
    .record(z.string().min(1), z.string())
    .refine((selector) => Object.keys(selector).length > 0, { message: "the gateway selector needs at least one label" })
    .default({ istio: "ingressgateway" }),
  /** Istio root namespace, where mesh-wide PeerAuthentication and AuthorizationPolicy live. Default `istio-system`. */
  meshRootNamespace: z.string().min(1).default("istio-system"),
});

export type PolicyConfig = z.output<typeof policyConfigSchema>;
export type PolicyConfigInput = z.input<typeof policyConfigSchema>;

/** Validates policy configuration and fills in defaults; throws `LlmfleetError`s that name the key. */
export function parsePolicyConfig(input: unknown = {}): PolicyConfig {
  return parseWith(policyConfigSchema, input);
}
