import type { ModelArchitecture } from "../model/types.js";

/** One reason a tensor/pipeline degree cannot work, naming the request field it concerns. */
export interface ParallelismProblem {
  readonly field: "tensorParallel" | "pipelineParallel";
  readonly reason: string;
}

/** Widths that tensor parallelism splits: the dense MLP and, for MoE, each expert (no expert parallelism). */
function shardedWidths(model: ModelArchitecture): { name: string; width: number }[] {
  const widths = [];
  if (model.moe === null || model.moe.denseLayers > 0) widths.push({ name: "intermediate_size", width: model.intermediateSize });
  if (model.moe !== null) widths.push({ name: "moe_intermediate_size", width: model.moe.expertIntermediateSize });
  return widths;
}

/**
 * vLLM's parallelism rules (`../shared/reference/sizing.md`): heads, KV heads, MLP widths and
 * quantisation groups must split evenly across tensor-parallel ranks; every pipeline stage needs a
 * layer. Returns every violated rule (empty when the degrees are valid).
 */
export function parallelismProblems(
  model: ModelArchitecture,
  tensorParallel: number,
  pipelineParallel: number,
  quantGroupSize: number | null,
): ParallelismProblem[] {
  const problems: ParallelismProblem[] = [];
  const tp = tensorParallel;
  if (model.attentionHeads % tp !== 0) {
    problems.push({ field: "tensorParallel", reason: `the ${model.attentionHeads} attention heads do not divide by ${tp}` });
  }
  // MLA keeps one latent per token on every rank, so only GQA/MHA constrains KV heads.
  if (model.mla === null) {
    const kv = model.kvHeads;
    if (kv >= tp ? kv % tp !== 0 : tp % kv !== 0) {
      problems.push({
        field: "tensorParallel",
        reason: `the ${kv} KV heads can be neither split across nor replicated over ${tp} ranks`,
      });
    }
  }
  for (const { name, width } of shardedWidths(model)) {
    if (width % tp !== 0) {
      problems.push({ field: "tensorParallel", reason: `${name} ${width} does not divide by ${tp}` });
    } else if (quantGroupSize !== null && (width / tp) % quantGroupSize !== 0) {
      problems.push({
        field: "tensorParallel",
        reason: `${name} ${width} / ${tp} = ${width / tp} is not a multiple of the quantisation group ${quantGroupSize}`,
      });
    }
  }
  if (pipelineParallel > model.layers) {
    problems.push({ field: "pipelineParallel", reason: `${model.layers} layers cannot fill ${pipelineParallel} pipeline stages` });
  }
  return problems;
}
