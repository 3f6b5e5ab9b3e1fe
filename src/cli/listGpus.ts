import { GPU_MODELS, instanceTypesFor, type GpuModel } from "../gpu/index.js";

function yesNo(value: boolean): string {
  return value ? "yes" : "no";
}

function gpuLine(gpu: GpuModel): string {
  return (
    `${gpu.name}: ${gpu.memoryGB} GB (${gpu.usableGiB} GiB usable), ${gpu.bandwidthGBps} GB/s, compute capability ${gpu.computeCapability.toFixed(1)}, ` +
    `bf16 ${yesNo(gpu.bf16)}, fp8 ${yesNo(gpu.fp8)}, NVLink ${yesNo(gpu.nvlink)}`
  );
}

/** The GPU catalogue for `llmfleet plan --list-gpus`: each GPU model with the instance types that carry it. */
export function listGpusText(): string {
  const sections = GPU_MODELS.map((gpu) => {
    const types = instanceTypesFor(gpu.name);
    const width = Math.max(...types.map((type) => type.name.length));
    const rows = types.map(
      (type) =>
        `  ${type.name.padEnd(width)}  ${String(type.gpuCount).padStart(2)} GPU${type.gpuCount === 1 ? " " : "s"}  ${String(type.vcpu).padStart(3)} vCPU  ` +
        `${String(type.memoryGiB).padStart(4)} GiB${type.erdma ? "  eRDMA" : ""}`,
    );
    return [gpuLine(gpu), ...rows].join("\n");
  });
  return [...sections, "", "--gpu takes a GPU model (any case) or one of these instance types (the ecs. prefix is optional)."].join("\n\n").replace(/\n\n\n/g, "\n");
}
