/** Lookups over the GPU and instance-type catalogues. None of them throw; `resolveGpu` is the validating edge. */
import { GPU_MODELS } from "./gpuModels.js";
import { INSTANCE_TYPES } from "./instanceTypes.js";
import type { GpuModel, InstanceType } from "./types.js";

/** Lower case, trimmed, with runs of spaces and underscores turned into one dash (`NVIDIA A10` → `nvidia-a10`). */
export function normaliseGpuName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]+/g, "-");
}

const GPU_BY_SPELLING: ReadonlyMap<string, GpuModel> = new Map(
  GPU_MODELS.flatMap((model) => [model.name, model.ackLabel, ...model.aliases].map((spelling) => [normaliseGpuName(spelling), model] as const)),
);

const ECS_PREFIX = "ecs.";

const INSTANCE_TYPE_BY_NAME: ReadonlyMap<string, InstanceType> = new Map(INSTANCE_TYPES.map((type) => [type.name.toLowerCase(), type]));

/**
 * The GPU model with this canonical name, alias or ACK label, compared case-insensitively
 * (`a100-80gb`, `NVIDIA-A10`, `t4`). Undefined for unknown and ambiguous names (`A100`).
 */
export function findGpu(name: string): GpuModel | undefined {
  return GPU_BY_SPELLING.get(normaliseGpuName(name));
}

/** The instance type with this name, case-insensitive, with or without the `ecs.` prefix. */
export function findInstanceType(name: string): InstanceType | undefined {
  const lower = name.trim().toLowerCase();
  return INSTANCE_TYPE_BY_NAME.get(lower.startsWith(ECS_PREFIX) ? lower : `${ECS_PREFIX}${lower}`);
}

/**
 * The instance types that carry this GPU model (any spelling `findGpu` accepts), fewest GPUs first,
 * then least host memory, then by name. Empty for an unknown or ambiguous GPU name.
 */
export function instanceTypesFor(gpuName: string): readonly InstanceType[] {
  const model = findGpu(gpuName);
  if (model === undefined) return [];
  return INSTANCE_TYPES.filter((type) => type.gpu === model.name).sort(
    (a, b) => a.gpuCount - b.gpuCount || a.memoryGiB - b.memoryGiB || compareNames(a.name, b.name),
  );
}

/** Locale-independent string order, so sorting is the same on every machine. */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** The GPU model an instance type carries. Every catalogue instance type names a catalogue GPU (tested). */
export function gpuOf(type: InstanceType): GpuModel | undefined {
  return GPU_MODELS.find((model) => model.name === type.gpu);
}
