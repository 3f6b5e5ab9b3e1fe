/**
 * The GPU models llmfleet can plan for.
 *
 * Sources: NVIDIA datasheets (T4, V100, A10, A100, L20, H20) and Alibaba Cloud help
 * "GPU-accelerated compute-optimized instance families" (L20: 48 GB, 864 GB/s, 119 TFLOPS FP16/BF16;
 * gn8v: 96 GB HBM3, 4 TB/s, NVLink 900 GB/s). The help page does not name the gn8v GPU; it is the
 * NVIDIA H20 by its memory, bandwidth and FP8 support, so that identity is inferred.
 */
import type { GpuModel } from "./types.js";

/**
 * Usable memory rule (GiB the driver reports, which is what vLLM budgets against).
 *
 * NVIDIA sells GPU memory in binary units: a "24 GB" A10 carries 24 GiB of DRAM. What is left:
 * - GDDR6 cards (T4, A10, L20) run with ECC on in the cloud, and ECC on GDDR takes 1/16 of memory:
 *   usable = sold × 15/16. This reproduces ACK's `aliyun.accelerator/nvidia_mem` labels:
 *   A10 23028 MiB ≈ 22.5 GiB, L20 46068 MiB ≈ 45.0 GiB, T4 15360 MiB = 15.0 GiB.
 * - HBM cards (V100, A100, H20) keep ECC out of band; driver and firmware reserve about 1 %:
 *   usable = sold × 0.99, which gives 79.2 GiB for an 80 GB card and 39.6 GiB for a 40 GB A100
 *   (PyTorch reports 39.59 GiB there).
 * Values are rounded to two decimals.
 */
function usableGiB(memoryGB: number, memory: "gddr-ecc" | "hbm"): number {
  const usable = memory === "gddr-ecc" ? (memoryGB * 15) / 16 : memoryGB * 0.99;
  return Math.round(usable * 100) / 100;
}

interface GpuFacts {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly memoryGB: number;
  readonly memory: "gddr-ecc" | "hbm";
  readonly bandwidthGBps: number;
  readonly computeCapability: number;
  readonly tensorTflops: number;
  readonly nvlink: boolean;
  readonly ackLabel: string;
}

/** bf16 needs compute capability ≥ 8.0 (Ampere); FP8 needs ≥ 8.9 (Ada, Hopper). */
const BF16_MIN_CC = 8.0;
const FP8_MIN_CC = 8.9;

function gpu(facts: GpuFacts): GpuModel {
  const { memory, ...rest } = facts;
  return Object.freeze({
    ...rest,
    aliases: Object.freeze([...facts.aliases]),
    usableGiB: usableGiB(facts.memoryGB, memory),
    bf16: facts.computeCapability >= BF16_MIN_CC,
    fp8: facts.computeCapability >= FP8_MIN_CC,
  });
}

/**
 * Every GPU model in the catalogue, smallest memory first.
 *
 * `ackLabel` is the value ACK sets on `aliyun.accelerator/nvidia_name`: the nvidia-smi product name
 * with spaces replaced by dashes. Seen in ACK/Alibaba Cloud material: `NVIDIA-A10` (on an
 * ecs.gn7i-c8g1.2xlarge node), `Tesla-V100-SXM2-16GB` and `Tesla-V100-SXM2-32GB`. The others follow
 * the same rule from the nvidia-smi names and are inferred: `Tesla-T4`, `NVIDIA-A100-SXM4-40GB`,
 * `NVIDIA-A100-SXM4-80GB` (gn7/gn7e use NVLink SXM4 boards), `NVIDIA-L20`, `NVIDIA-H20`.
 * `tensorTflops` is dense fp16/bf16 (fp16 only before compute capability 8.0).
 */
export const GPU_MODELS: readonly GpuModel[] = Object.freeze([
  gpu({
    name: "T4",
    aliases: ["tesla-t4", "nvidia-t4", "t4-16g", "t4-16gb"],
    memoryGB: 16,
    memory: "gddr-ecc",
    bandwidthGBps: 320,
    computeCapability: 7.5,
    tensorTflops: 65,
    nvlink: false,
    ackLabel: "Tesla-T4",
  }),
  gpu({
    name: "V100-16G",
    aliases: ["v100-16gb", "v100-16", "nvidia-v100-16g", "nvidia-v100-16gb", "tesla-v100-16gb", "tesla-v100-sxm2-16gb"],
    memoryGB: 16,
    memory: "hbm",
    bandwidthGBps: 900,
    computeCapability: 7.0,
    tensorTflops: 125,
    nvlink: true,
    ackLabel: "Tesla-V100-SXM2-16GB",
  }),
  gpu({
    name: "A10",
    aliases: ["nvidia-a10", "a10-24g", "a10-24gb"],
    memoryGB: 24,
    memory: "gddr-ecc",
    bandwidthGBps: 600,
    computeCapability: 8.6,
    tensorTflops: 125,
    nvlink: false,
    ackLabel: "NVIDIA-A10",
  }),
  gpu({
    name: "V100-32G",
    aliases: ["v100-32gb", "v100-32", "nvidia-v100-32g", "nvidia-v100-32gb", "tesla-v100-32gb", "tesla-v100-sxm2-32gb"],
    memoryGB: 32,
    memory: "hbm",
    bandwidthGBps: 900,
    computeCapability: 7.0,
    tensorTflops: 125,
    nvlink: true,
    ackLabel: "Tesla-V100-SXM2-32GB",
  }),
  gpu({
    name: "A100-40G",
    aliases: ["a100-40gb", "a100-40", "nvidia-a100-40g", "nvidia-a100-40gb", "nvidia-a100-sxm4-40gb"],
    memoryGB: 40,
    memory: "hbm",
    bandwidthGBps: 1555,
    computeCapability: 8.0,
    tensorTflops: 312,
    nvlink: true,
    ackLabel: "NVIDIA-A100-SXM4-40GB",
  }),
  gpu({
    name: "L20",
    aliases: ["nvidia-l20", "l20-48g", "l20-48gb"],
    memoryGB: 48,
    memory: "gddr-ecc",
    bandwidthGBps: 864,
    computeCapability: 8.9,
    tensorTflops: 119.5,
    nvlink: false,
    ackLabel: "NVIDIA-L20",
  }),
  gpu({
    name: "A100-80G",
    aliases: ["a100-80gb", "a100-80", "nvidia-a100-80g", "nvidia-a100-80gb", "nvidia-a100-sxm4-80gb"],
    memoryGB: 80,
    memory: "hbm",
    bandwidthGBps: 2039,
    computeCapability: 8.0,
    tensorTflops: 312,
    nvlink: true,
    ackLabel: "NVIDIA-A100-SXM4-80GB",
  }),
  gpu({
    name: "H20",
    aliases: ["nvidia-h20", "h20-96g", "h20-96gb"],
    memoryGB: 96,
    memory: "hbm",
    bandwidthGBps: 4022,
    computeCapability: 9.0,
    tensorTflops: 148,
    nvlink: true,
    ackLabel: "NVIDIA-H20",
  }),
]);

/**
 * Names that fit more than one GPU model (lower case). `resolveGpu` rejects them and lists the choices
 * rather than guessing, because the two memory sizes lead to different plans.
 */
export const AMBIGUOUS_GPU_NAMES: ReadonlyMap<string, readonly string[]> = new Map([
  ["a100", ["A100-40G", "A100-80G"]],
  ["nvidia-a100", ["A100-40G", "A100-80G"]],
  ["v100", ["V100-16G", "V100-32G"]],
  ["nvidia-v100", ["V100-16G", "V100-32G"]],
  ["tesla-v100", ["V100-16G", "V100-32G"]],
]);
