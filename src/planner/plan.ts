import { isUserError, LlmfleetError } from "../errors/index.js";
import { kvBytesPerToken, weightBytes } from "../model/index.js";
import { parallelismProblems } from "./constraints.js";
import { resolveServingDtypes, type ServingDtypes } from "./dtype.js";
import { engineDefinition } from "../engines/index.js";
import { comparePrices, layoutsFor, type Layout } from "./layout.js";
import { tokensPerSequence, type MemoryBudget } from "./memory.js";
import { checkRequest, resolveMaxModelLen } from "./request.js";
import { concurrencyWarnings } from "./concurrency.js";
import type { Plan, PlanRequest } from "./types.js";

/** Degrees the proposer tries; explicit requests may use any positive integer. */
const TENSOR_PARALLEL_OPTIONS = [1, 2, 4, 8] as const;
const MAX_PIPELINE_PARALLEL = 16;
const MAX_NODES_PER_REPLICA = 8;
const GiB = 2 ** 30;

interface Candidate {
  readonly tensorParallel: number;
  readonly pipelineParallel: number;
  /** The engine's memory fraction for this split (given, or the engine's default for it). */
  readonly gpuMemoryUtilization: number;
  readonly layout: Layout;
  readonly memory: MemoryBudget;
}

interface Rejection {
  readonly tensorParallel: number;
  readonly pipelineParallel: number;
  readonly field: "tensorParallel" | "pipelineParallel";
  readonly reason: string;
  /** The split breaks the model's own divisibility rules (it was never placed or sized). */
  readonly structural?: boolean;
  /** For a split whose KV cache is too small for one sequence: the tokens it does hold. */
  readonly kvCacheTokens?: number;
}

interface Context {
  readonly request: PlanRequest;
  readonly dtypes: ServingDtypes;
  readonly maxModelLen: number;
  /** The requested memory fraction; the engine's default per split when undefined. */
  readonly gpuMemoryUtilization: number | undefined;
  readonly maxBatchedTokens: number;
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Evaluates one TP × PP split: engine rules, placement on instances, memory. */
function evaluate(ctx: Context, tp: number, pp: number): Candidate | Rejection {
  const { request, dtypes } = ctx;
  const { model, gpu } = request;
  const problem = parallelismProblems(model, tp, pp, dtypes.quantGroupSize)[0];
  if (problem !== undefined) return { tensorParallel: tp, pipelineParallel: pp, ...problem, structural: true };

  const rules = engineDefinition(request.engine).planning;
  const maxNodes = rules.multiNode ? MAX_NODES_PER_REPLICA : 1;
  const { layouts, reasons } = layoutsFor(gpu, tp, pp, maxNodes, request.prices);
  const layout = layouts[0];
  if (layout === undefined) {
    return { tensorParallel: tp, pipelineParallel: pp, field: "tensorParallel", reason: reasons[0] ?? `no ${gpu.gpu.name} instance type holds ${tp * pp} GPUs` };
  }
  const gpuMemoryUtilization =
    ctx.gpuMemoryUtilization ?? rules.defaultGpuMemoryUtilization({ gpu: gpu.gpu, tensorParallel: tp, pipelineParallel: pp, maxBatchedTokens: ctx.maxBatchedTokens });
  const memory = rules.memoryBudget({
    model,
    dtype: dtypes.dtype,
    kvBytes: dtypes.kvBytes,
    tensorParallel: tp,
    pipelineParallel: pp,
    gpuUsableGiB: gpu.gpu.usableGiB,
    gpuMemoryUtilization,
    maxBatchedTokens: ctx.maxBatchedTokens,
  });
  const sequenceTokens = tokensPerSequence(model, ctx.maxModelLen);
  if (memory.kvCacheTokens < sequenceTokens) {
    const neededGiB = (sequenceTokens * memory.kvBytesPerTokenPerGpu) / GiB;
    return {
      tensorParallel: tp,
      pipelineParallel: pp,
      field: "tensorParallel",
      reason:
        memory.kvCacheGiB <= 0
          ? `TP ${tp} × PP ${pp} on ${gpu.gpu.name} needs ${round(memory.weightsGiB)} GiB weights + ${round(memory.overheadGiB)} GiB overhead per GPU, ` +
            `more than the ${round(memory.usableGiB)} GiB usable, before any KV cache`
          : `TP ${tp} × PP ${pp} on ${gpu.gpu.name} leaves ${round(memory.kvCacheGiB)} GiB per GPU for the KV cache ` +
            `(${round(memory.usableGiB)} GiB usable − ${round(memory.weightsGiB)} GiB weights − ${round(memory.overheadGiB)} GiB overhead), ` +
            `less than the ${round(neededGiB)} GiB one ${ctx.maxModelLen}-token sequence needs`,
      kvCacheTokens: memory.kvCacheTokens,
    };
  }
  const engineProblem = rules.splitProblem?.({ model, dtype: dtypes.dtype, gpu: gpu.gpu, gpus: tp * pp, gpuMemoryUtilization, memory }) ?? null;
  if (engineProblem !== null) return { tensorParallel: tp, pipelineParallel: pp, field: "tensorParallel", reason: engineProblem };
  return { tensorParallel: tp, pipelineParallel: pp, gpuMemoryUtilization, layout, memory };
}

function isCandidate(result: Candidate | Rejection): result is Candidate {
  return "layout" in result;
}

/** GPUs the replica pays for: whole instances, whether or not every GPU is used. */
function paidGpus(candidate: Candidate): number {
  return candidate.layout.nodes * candidate.layout.instanceType.gpuCount;
}

/** GPUs the replica pays for and leaves idle: more KV cache would come free by using them. */
function idleGpus(candidate: Candidate): number {
  return paidGpus(candidate) - candidate.tensorParallel * candidate.pipelineParallel;
}

/**
 * Cheapest first with a price table; else fewest GPUs paid for, fewest nodes; at the same cost,
 * fewest idle GPUs (Qwen2.5-72B on H20 at 32k: TP 4 fills ecs.gn8v-4x.24xlarge where TP 2 would
 * pay for two GPUs it never uses), fewest pipeline stages (TP inside a node before PP), fewest
 * GPUs used, smallest instance.
 */
function compareCandidates(a: Candidate, b: Candidate): number {
  return (
    comparePrices(a.layout.replicaPrice, b.layout.replicaPrice) ||
    paidGpus(a) - paidGpus(b) ||
    a.layout.nodes - b.layout.nodes ||
    idleGpus(a) - idleGpus(b) ||
    a.pipelineParallel - b.pipelineParallel ||
    a.tensorParallel - b.tensorParallel ||
    a.layout.instanceType.memoryGiB - b.layout.instanceType.memoryGiB
  );
}

function splitsToTry(ctx: Context): [number, number][] {
  const { request } = ctx;
  if (!engineDefinition(request.engine).planning.modelParallel) return [[1, 1]];
  const tps = request.tensorParallel !== undefined ? [request.tensorParallel] : TENSOR_PARALLEL_OPTIONS;
  const maxPp = Math.min(MAX_PIPELINE_PARALLEL, request.model.layers);
  const pps = request.pipelineParallel !== undefined ? [request.pipelineParallel] : Array.from({ length: maxPp }, (_, i) => i + 1);
  return tps.flatMap((tp) => pps.map((pp): [number, number] => [tp, pp]));
}

function toPlan(ctx: Context, chosen: Candidate, warnings: string[]): Plan {
  const { request, dtypes, maxModelLen } = ctx;
  const { model, gpu } = request;
  const { layout, memory, tensorParallel, pipelineParallel } = chosen;
  const rules = engineDefinition(request.engine).planning;
  // Horovod ranks are single GPUs; each worker pod takes every GPU of its node as MPI slots.
  const gpusPerNode = rules.modelParallel ? layout.gpusPerNode : layout.instanceType.gpuCount;
  const shmGiB = rules.shmGiB(gpusPerNode, layout.nodes);
  if (layout.nodes > 1 && !layout.instanceType.erdma) {
    warnings.push(`${layout.instanceType.name} has no eRDMA: pipeline stages exchange activations over TCP`);
  }
  if (shmGiB > layout.instanceType.memoryGiB / 4) {
    warnings.push(`/dev/shm of ${shmGiB} GiB is more than a quarter of ${layout.instanceType.name}'s ${layout.instanceType.memoryGiB} GiB memory`);
  }
  const maxConcurrency = Math.floor(memory.kvCacheTokens / tokensPerSequence(model, maxModelLen));
  return {
    model: {
      id: model.id,
      family: model.family,
      parameters: model.parameters,
      layers: model.layers,
      attentionHeads: model.attentionHeads,
      kvHeads: model.kvHeads,
      headDim: model.headDim,
      kvBytesPerToken: kvBytesPerToken(model, dtypes.kvBytes),
      weightBytes: weightBytes(model, dtypes.dtype),
      dtype: dtypes.dtype,
      maxModelLen,
    },
    engine: request.engine,
    gpu: { name: gpu.gpu.name, memoryGiB: gpu.gpu.usableGiB },
    instanceType: layout.instanceType.name,
    gpusPerNode,
    nodes: layout.nodes,
    tensorParallel,
    pipelineParallel,
    gpus: tensorParallel * pipelineParallel,
    perGpu: {
      usableGiB: round(memory.usableGiB),
      weightsGiB: round(memory.weightsGiB),
      overheadGiB: round(memory.overheadGiB),
      kvCacheGiB: round(memory.kvCacheGiB),
    },
    kvCacheDtype: dtypes.kvCacheDtype,
    quantization: dtypes.quantization,
    gpuMemoryUtilization: chosen.gpuMemoryUtilization,
    maxBatchedTokens: ctx.maxBatchedTokens,
    kvCacheTokens: memory.kvCacheTokens,
    maxConcurrency,
    shmGiB,
    warnings,
  };
}

function explicitFailure(ctx: Context, rejection: Rejection): LlmfleetError {
  const { request } = ctx;
  const field = request.tensorParallel !== undefined && rejection.field === "tensorParallel" ? "tensorParallel" : request.pipelineParallel !== undefined ? "pipelineParallel" : "tensorParallel";
  const value = field === "tensorParallel" ? request.tensorParallel : request.pipelineParallel;
  let fix = "choose degrees that satisfy the rule";
  try {
    const proposal = planDeployment({ ...request, tensorParallel: undefined, pipelineParallel: undefined });
    fix = `use TP ${proposal.tensorParallel} × PP ${proposal.pipelineParallel} (the smallest plan that fits), or omit both to let the planner choose`;
  } catch {
    fix = "use a larger GPU, a smaller dtype (fp8/int4), fp8 KV cache or a shorter max model length";
  }
  return new LlmfleetError(field, value, rejection.reason, fix);
}

/**
 * A plan that fails only because an explicit gpuMemoryUtilization leaves too little memory is that
 * option's fault, not the model's: the error names it, with the plan the engine's default gives.
 */
function utilizationFailure(ctx: Context, reason: string): LlmfleetError | undefined {
  const { request } = ctx;
  if (request.gpuMemoryUtilization === undefined) return undefined;
  let atDefault: Plan;
  try {
    atDefault = planDeployment({ ...request, gpuMemoryUtilization: undefined });
  } catch {
    return undefined;
  }
  // The engine's default for the split it would choose (SGLang's depends on the GPU and the split).
  const defaultUtilization = atDefault.gpuMemoryUtilization;
  if (request.gpuMemoryUtilization >= defaultUtilization) return undefined;
  return new LlmfleetError(
    "gpuMemoryUtilization",
    request.gpuMemoryUtilization,
    `gives ${request.engine} only ${round(request.gpu.gpu.usableGiB * request.gpuMemoryUtilization)} GiB of each ${request.gpu.gpu.name}, too little for ${request.model.id}: ${reason}`,
    `use ${defaultUtilization} (the ${request.engine} default, which fits on TP ${atDefault.tensorParallel} × PP ${atDefault.pipelineParallel}) or omit it`,
  );
}

function proposalFailure(ctx: Context, rejections: Rejection[]): LlmfleetError {
  const { request } = ctx;
  // The smallest split the model's rules allow says best why nothing fits (memory, placement); a split
  // that breaks a divisibility rule says nothing about capacity.
  const gpusOf = (r: Rejection): number => r.tensorParallel * r.pipelineParallel;
  const placed = rejections.filter((r) => r.structural !== true).sort((a, b) => gpusOf(a) - gpusOf(b));
  const smallest = placed[0] ?? rejections[rejections.length - 1];
  const reason =
    smallest === undefined
      ? "no split was possible"
      : engineDefinition(request.engine).planning.modelParallel
        ? `no split fits; the smallest the model allows: ${smallest.reason}`
        : `each ${engineDefinition(request.engine).title} replica holds the whole model on one GPU, and ${smallest.reason}`;
  const utilization = utilizationFailure(ctx, smallest?.reason ?? reason);
  if (utilization !== undefined) return utilization;
  return new LlmfleetError(
    "model",
    request.model.id,
    `${request.model.id} (${round(request.model.parameters / 1e9, 1)}B parameters at ${ctx.dtypes.dtype}) cannot be served on ${request.gpu.instanceType?.name ?? request.gpu.gpu.name} with ${request.engine}: ${reason}`,
    "use a GPU with more memory, a smaller dtype (fp8/int4), --kv-cache-dtype fp8, or a shorter --max-model-len",
  );
}

/**
 * When a smaller split failed only because one max-length sequence does not fit its KV cache, the
 * context length is what costs the extra GPUs: say so, with what the smaller split holds.
 */
function contextCostWarnings(ctx: Context, chosen: Candidate, rejections: readonly Rejection[]): string[] {
  const gpusOf = (split: { tensorParallel: number; pipelineParallel: number }): number => split.tensorParallel * split.pipelineParallel;
  const smaller = rejections
    .filter((r) => r.kvCacheTokens !== undefined && r.kvCacheTokens > 0 && gpusOf(r) < gpusOf(chosen))
    .sort((a, b) => gpusOf(a) - gpusOf(b) || (b.kvCacheTokens ?? 0) - (a.kvCacheTokens ?? 0))[0];
  if (smaller?.kvCacheTokens === undefined) return [];
  const gpu = ctx.request.gpu.gpu.name;
  const tokens = smaller.kvCacheTokens.toLocaleString("en-US");
  const holder = gpusOf(smaller) === 1 ? `one ${gpu}` : `${gpusOf(smaller)} × ${gpu} (TP ${smaller.tensorParallel} × PP ${smaller.pipelineParallel})`;
  const source = ctx.request.maxModelLen === undefined ? "the model's full context, the default" : "as requested";
  return [
    `the max model length of ${ctx.maxModelLen.toLocaleString("en-US")} tokens (${source}) takes ${gpusOf(chosen)} GPUs per replica: ` +
      `${holder} holds ${tokens} tokens of KV cache; set the max model length (--max-model-len, maxModelLen in a stack) to at most ${tokens} to serve on ${gpusOf(smaller)}`,
  ];
}

/**
 * Validates an explicit parallelism plan, or proposes the cheapest feasible one: fewest GPUs, TP
 * inside a node, PP across nodes, on an instance type from the catalogue. Pure: no I/O, no Pulumi.
 */
export function planDeployment(request: PlanRequest): Plan {
  checkRequest(request);
  const rules = engineDefinition(request.engine).planning;
  rules.checkCompatibility(request.model, request.gpu.gpu);
  if (!rules.modelParallel && ((request.tensorParallel ?? 1) > 1 || (request.pipelineParallel ?? 1) > 1)) {
    throw new LlmfleetError(
      request.tensorParallel !== undefined && request.tensorParallel > 1 ? "tensorParallel" : "pipelineParallel",
      request.tensorParallel ?? request.pipelineParallel,
      `${engineDefinition(request.engine).title} runs data-parallel replicas that each hold the whole model on one GPU`,
      `leave tensor and pipeline parallelism out for ${request.engine}, or serve with vllm or sglang to split the model`,
    );
  }
  const dtypes = resolveServingDtypes(request.model, request.gpu.gpu, request.dtype, request.kvCacheDtype);
  const contextLength = resolveMaxModelLen(request.model, request.maxModelLen);
  const ctx: Context = {
    request,
    dtypes,
    maxModelLen: contextLength.maxModelLen,
    gpuMemoryUtilization: request.gpuMemoryUtilization,
    maxBatchedTokens: request.maxBatchedTokens ?? rules.defaultMaxBatchedTokens(request.gpu.gpu),
  };
  const results = splitsToTry(ctx).map(([tp, pp]) => evaluate(ctx, tp, pp));
  const candidates = results.filter(isCandidate).sort(compareCandidates);
  const rejections = results.filter((r): r is Rejection => !isCandidate(r));
  const chosen = candidates[0];
  if (chosen === undefined) {
    const explicitField = request.tensorParallel !== undefined ? "tensorParallel" : request.pipelineParallel !== undefined ? "pipelineParallel" : null;
    const blocking = rejections.find((r) => r.field === explicitField) ?? rejections[0];
    if (explicitField !== null && rules.modelParallel && blocking !== undefined) throw explicitFailure(ctx, blocking);
    throw proposalFailure(ctx, rejections);
  }
  const warnings = [...dtypes.warnings, ...contextLength.warnings, ...contextCostWarnings(ctx, chosen, rejections)];
  if (chosen.gpuMemoryUtilization > 0.95) {
    warnings.push(`gpuMemoryUtilization ${chosen.gpuMemoryUtilization} leaves little room for CUDA graphs and fragmentation; 0.9 is the safe default`);
  }
  const plan = toPlan(ctx, chosen, warnings);
  return { ...plan, warnings: [...plan.warnings, ...concurrencyWarnings(request, plan, replanIfFits)] };
}

function replanIfFits(request: PlanRequest): Plan | undefined {
  try {
    return planDeployment(request);
  } catch (error) {
    // An alternative that does not fit (or that the GPU refuses) is simply not offered as a fix.
    if (isUserError(error)) return undefined;
    throw error;
  }
}
