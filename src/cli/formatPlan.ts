import type { Plan } from "../planner/index.js";

const GiB = 2 ** 30;

function table(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join("\n");
}

function billions(parameters: number): string {
  return `${(parameters / 1e9).toFixed(parameters < 1e10 ? 2 : 1)}B`;
}

function gib(value: number): string {
  return `${value.toFixed(2)} GiB`;
}

/** The human-readable form of a plan: model, placement, per-GPU memory, capacity, warnings. */
export function formatPlan(plan: Plan): string {
  const { model, perGpu } = plan;
  const sections = [
    `Plan for ${model.id} on ${plan.gpu.name} with ${plan.engine}`,
    "",
    "Model",
    table([
      ["family", model.family],
      ["parameters", billions(model.parameters)],
      ["layers / heads / KV heads", `${model.layers} / ${model.attentionHeads} / ${model.kvHeads} (head dim ${model.headDim})`],
      ["weights", `${(model.weightBytes / GiB).toFixed(1)} GiB at ${model.dtype}${plan.quantization ? ` (${plan.quantization})` : ""}`],
      ["KV cache per token", `${(model.kvBytesPerToken / 1024).toFixed(1)} KiB at ${plan.kvCacheDtype}`],
      ["max model length", `${model.maxModelLen} tokens`],
    ]),
    "",
    "Placement (one replica)",
    table([
      ["instance type", plan.instanceType],
      ["nodes", String(plan.nodes)],
      ["GPUs", `${plan.gpus} (${plan.gpusPerNode} per node)`],
      ["tensor × pipeline", `${plan.tensorParallel} × ${plan.pipelineParallel}`],
      ["/dev/shm per pod", `${plan.shmGiB} GiB`],
    ]),
    "",
    `Memory per GPU (${plan.gpu.memoryGiB} GiB × ${plan.gpuMemoryUtilization} utilisation)`,
    table([
      ["usable", gib(perGpu.usableGiB)],
      ["weights", gib(perGpu.weightsGiB)],
      ["activations + runtime", gib(perGpu.overheadGiB)],
      ["KV cache", gib(perGpu.kvCacheGiB)],
    ]),
    "",
    "Capacity",
    table([
      ["KV cache tokens", plan.kvCacheTokens.toLocaleString("en-US")],
      ["max concurrency", `${plan.maxConcurrency} sequences of ${model.maxModelLen} tokens`],
      ["batched tokens per step", String(plan.maxBatchedTokens)],
    ]),
  ];
  if (plan.warnings.length > 0) sections.push("", "Warnings", ...plan.warnings.map((w) => `  ! ${w}`));
  return sections.join("\n");
}
