/**
 * Validation of `GpuNodePool` arguments: shape through zod, then the rules that need the GPU
 * catalogue (unknown instance type, a GPU that contradicts the plan, eRDMA on a type without it,
 * min > max, a single zone, spot in production). Past this point the pool is trusted.
 */
import { z } from "zod";
import { patternString } from "../errors/patterns.js";
import { LlmfleetError, parseWith } from "../errors/index.js";
import { findGpu, findInstanceType, GPU_MODELS, resolveGpu, type GpuModel, type InstanceType } from "../gpu/index.js";
import { poolSize } from "./poolSize.js";
import { dnsLabel, pulumiInput } from "./schemaParts.js";

const count = z.int().min(0);
const positiveCount = z.int().min(1);

const sizeSchema = z.discriminatedUnion("mode", [
  z.object({ mode: z.literal("fixed"), nodes: count }).strict(),
  z.object({ mode: z.literal("autoscale"), minNodes: count, maxNodes: positiveCount }).strict(),
  z
    .object({
      mode: z.literal("deployments"),
      deployments: z.array(z.object({ replicas: positiveCount, nodesPerReplica: positiveCount }).strict()).min(1),
      surgeNodes: count.default(0),
    })
    .strict(),
]);

/** The node's ESSD data disk for a local model cache, in GiB (one bound for the stack file and the component). */
export const modelCacheDiskGiB = z.int().min(40, "must be at least 40 GiB (ESSD data disks smaller than that cannot hold a model cache)").max(32768);
/** An NVIDIA driver to pin (`ack.aliyun.com/nvidia-driver-version`). */
export const nvidiaDriverVersion = patternString(/^\d+(\.\d+)+$/, "must be a driver version such as 550.127.08", "use a version ACK offers, e.g. 550.127.08");

export const gpuNodePoolArgsSchema = z
  .object({
    clusterId: pulumiInput,
    vswitchIds: z.array(pulumiInput),
    allowSingleZone: z.boolean().default(false),
    // Room for ACK's generated suffixes within the 63-character label limit.
    poolName: dnsLabel(40),
    instanceType: z.string().min(1),
    instanceFacts: z
      .object({
        vcpu: positiveCount,
        memoryGiB: z.number().positive(),
        gpuCount: positiveCount,
        gpu: z.string().min(1),
        erdma: z.boolean().default(false),
      })
      .strict()
      .optional(),
    expectedGpu: z.string().min(1).optional(),
    size: sizeSchema,
    production: z.boolean().default(true),
    spot: z.boolean().default(false),
    systemDiskGiB: z.int().min(40).max(2048).default(200),
    systemDiskPerformanceLevel: z.enum(["PL0", "PL1", "PL2", "PL3"]).default("PL1"),
    modelCacheDiskGiB: modelCacheDiskGiB.optional(),
    nvidiaDriverVersion: nvidiaDriverVersion.optional(),
    erdma: z.boolean().default(false),
    imageType: z.string().min(1).default("AliyunLinux3"),
    autoRepair: z.boolean().default(true),
    labels: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export type GpuNodePoolArgsInput = z.input<typeof gpuNodePoolArgsSchema>;
type ParsedArgs = z.output<typeof gpuNodePoolArgsSchema>;

export type PoolScaling = { readonly kind: "fixed"; readonly nodes: number } | { readonly kind: "autoscale"; readonly minNodes: number; readonly maxNodes: number };

/** A validated GPU node pool: every fact the node-pool builder and the placement need. */
export interface GpuPoolSpec extends Omit<ParsedArgs, "clusterId" | "vswitchIds" | "instanceFacts" | "expectedGpu" | "size" | "erdma"> {
  readonly instance: InstanceType;
  readonly gpu: GpuModel;
  readonly scaling: PoolScaling;
  /** eRDMA requested (and supported by the instance type). */
  readonly erdma: boolean;
  readonly zoneCount: number;
}

function resolveInstance(args: ParsedArgs): InstanceType {
  const known = findInstanceType(args.instanceType);
  if (known !== undefined) {
    if (args.instanceFacts !== undefined) {
      throw new LlmfleetError("instanceFacts", args.instanceFacts, `${known.name} is in the catalogue, whose facts are used`, "remove instanceFacts");
    }
    return known;
  }
  const facts = args.instanceFacts;
  if (facts === undefined) {
    throw new LlmfleetError(
      "instanceType",
      args.instanceType,
      "is not a GPU instance type in the llmfleet catalogue",
      "use a catalogue type such as ecs.gn7i-c8g1.2xlarge, or declare its GPU facts in instanceFacts {vcpu, memoryGiB, gpuCount, gpu, erdma}",
    );
  }
  const name = args.instanceType.startsWith("ecs.") ? args.instanceType : `ecs.${args.instanceType}`;
  const gpu = findGpu(facts.gpu);
  if (gpu === undefined) {
    throw new LlmfleetError("instanceFacts.gpu", facts.gpu, "is not a GPU model llmfleet knows", `use one of ${GPU_MODELS.map((m) => m.name).join(", ")}`);
  }
  return { name, family: name.slice(4).split(/[.-]/)[0] ?? name, networkGbps: null, ...facts, gpu: gpu.name };
}

function resolveScaling(size: ParsedArgs["size"]): PoolScaling {
  switch (size.mode) {
    case "fixed":
      return { kind: "fixed", nodes: size.nodes };
    case "deployments":
      return { kind: "fixed", nodes: poolSize(size.deployments, size.surgeNodes) };
    case "autoscale":
      if (size.minNodes > size.maxNodes) {
        throw new LlmfleetError("size.minNodes", size.minNodes, `is greater than size.maxNodes (${size.maxNodes})`, "set minNodes ≤ maxNodes");
      }
      return { kind: "autoscale", minNodes: size.minNodes, maxNodes: size.maxNodes };
  }
}

/**
 * Validates `GpuNodePool` arguments (without its providers) and resolves the instance type.
 * @throws LlmfleetError / LlmfleetErrors naming the offending field
 */
export function resolveGpuPool(input: unknown): GpuPoolSpec {
  const args = parseWith(gpuNodePoolArgsSchema, input);
  const instance = resolveInstance(args);
  const gpu = findGpu(instance.gpu);
  if (gpu === undefined) throw new Error(`catalogue instance type ${instance.name} names unknown GPU ${instance.gpu}`);
  if (args.expectedGpu !== undefined) {
    const expected = resolveGpu(args.expectedGpu, "expectedGpu").gpu;
    if (expected.name !== gpu.name) {
      throw new LlmfleetError(
        "expectedGpu",
        args.expectedGpu,
        `the plan expects ${expected.name} but ${instance.name} carries ${gpu.name}`,
        `pick an instance type with ${expected.name} GPUs, or re-plan for ${gpu.name}`,
      );
    }
  }
  if (args.erdma && !instance.erdma) {
    throw new LlmfleetError("erdma", true, `${instance.name} does not support elastic RDMA`, "use a gn8is, gn8v, ebmgn8is or ebmgn8v instance type, or set erdma: false");
  }
  if (args.vswitchIds.length < 2 && !args.allowSingleZone) {
    throw new LlmfleetError(
      "vswitchIds",
      `${args.vswitchIds.length} vSwitch(es)`,
      "a pool in one zone loses every replica to one zone outage or GPU stock-out",
      "pass node vSwitches in at least two zones (AckCluster.nodeVswitchIds), or set allowSingleZone: true",
    );
  }
  if (args.spot && args.production) {
    throw new LlmfleetError("spot", true, "spot instances can be reclaimed at any time, which production serving cannot absorb", "set spot: false, or production: false for a non-production pool");
  }
  const { clusterId: _clusterId, vswitchIds, instanceFacts: _facts, expectedGpu: _expected, size, ...settings } = args;
  return { ...settings, instance, gpu, scaling: resolveScaling(size), zoneCount: vswitchIds.length };
}
