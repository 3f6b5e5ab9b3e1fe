import type { z } from "zod";
import { LlmfleetError } from "../errors/index.js";
import { resolveGpu } from "../gpu/index.js";
import { KV_CACHE_DTYPE_SPELLINGS, WEIGHT_DTYPE_SPELLINGS, kvCacheDtypeSchema, resolveModel, weightDtypeSchema } from "../model/index.js";
import { ENGINES, planDeployment, type Plan } from "../planner/index.js";
import { choiceFlag, fractionFlag, wholeNumberFlag, type WholeNumberFlag } from "./flagValues.js";
import { formatPlan } from "./formatPlan.js";
import { listGpusText } from "./listGpus.js";
import { listModelsText } from "./listModels.js";
import { parseFlags, stringFlag, type FlagOptions, type FlagValues } from "./parseFlags.js";
import { PRICE_OPTIONS, pricesFrom } from "./priceFlags.js";

export const PLAN_USAGE = `Usage: llmfleet plan --model <name | path/to/config.json> --gpu <GPU model | instance type> [options]

Sizes a model onto Alibaba Cloud GPUs: tensor/pipeline parallelism, nodes, memory per GPU, KV cache.

Options:
  --model <name|path>              catalogue name (see --list-models) or a Hugging Face config.json
  --gpu <name|instance type>       A10, L20, H20, A100-80G, T4, V100-32G, … or e.g. ecs.gn7i-c8g1.2xlarge
  --engine ${ENGINES.join("|")}  serving engine (default vllm)
  --tp <n>                         tensor-parallel degree (default: planned)
  --pp <n>                         pipeline-parallel degree (default: planned)
  --max-model-len <tokens>         longest prompt + output (default: the model's context)
  --dtype auto|bf16|fp16|fp8|int8|int4   weight precision (default auto; vLLM's bfloat16,
                                   float16 and half are accepted too)
  --kv-cache-dtype auto|fp8        KV-cache precision (default auto; fp8_e4m3, fp8_e5m2 too)
  --gpu-memory-utilization <f>     fraction of GPU memory for the engine (vLLM 0.9, BladeLLM 0.85)
  --max-batched-tokens <n>         token budget of one scheduler step (vLLM 8192)
  --min-sequences <n>              warn below n concurrent max-model-len sequences (default 4; 0 never)
  --prices <file>                  hourly prices per instance type (JSON object or CSV type,price)
  --price <type=price,...>         hourly prices inline; ranks instance types by cost
  --json                           print the plan as one JSON object
  --list-models                    list the built-in model catalogue
  --list-gpus                      list the GPU models and their Alibaba Cloud instance types
  -h, --help                       show this help

Exit status: 0 feasible plan, 2 bad input or a configuration that cannot work.`;

/** The options of `llmfleet plan`. */
export const PLAN_OPTIONS = {
  model: { type: "string" },
  gpu: { type: "string" },
  engine: { type: "string" },
  tp: { type: "string" },
  pp: { type: "string" },
  "max-model-len": { type: "string" },
  dtype: { type: "string" },
  "kv-cache-dtype": { type: "string" },
  "gpu-memory-utilization": { type: "string" },
  "max-batched-tokens": { type: "string" },
  "min-sequences": { type: "string" },
  ...PRICE_OPTIONS,
  json: { type: "boolean" },
  "list-models": { type: "boolean" },
  "list-gpus": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies FlagOptions;

function requiredFlag(values: FlagValues, flag: "model" | "gpu"): string {
  const value = stringFlag(values, flag);
  if (value !== undefined && value.trim() !== "") return value;
  const fix =
    flag === "model"
      ? "name a catalogue model ('llmfleet plan --list-models') or a path to a config.json, e.g. --model qwen3-8b"
      : "name a GPU model ('llmfleet plan --list-gpus') or an instance type, e.g. --gpu A10";
  throw new LlmfleetError(`--${flag}`, value, value === undefined ? "is required" : "is empty", fix);
}

function optionalNumber(values: FlagValues, flag: string, spec: WholeNumberFlag): number | undefined {
  const text = stringFlag(values, flag);
  return text === undefined ? undefined : wholeNumberFlag(`--${flag}`, text, spec);
}

/** A dtype flag through its schema (which accepts vLLM's spellings); a miss names the closest spellings. */
function dtypeFlag<T>(flag: string, text: string | undefined, schema: z.ZodType<T>, spellings: readonly string[], fallback: T): T {
  if (text === undefined) return fallback;
  const parsed = schema.safeParse(text);
  if (parsed.success) return parsed.data;
  return choiceFlag(`--${flag}`, text, spellings, "a precision llmfleet plans for") as T;
}

/** `--min-sequences`: a whole number, 0 to never warn. */
function minSequences(values: FlagValues): number | undefined {
  const text = stringFlag(values, "min-sequences");
  if (text === undefined) return undefined;
  if (text.trim() === "0") return 0;
  return wholeNumberFlag("--min-sequences", text, { unit: "sequences", example: 4 });
}

/** The plan `llmfleet plan` flags ask for; throws LlmfleetError for bad input. */
function planFromFlags(values: FlagValues): Plan {
  const model = requiredFlag(values, "model");
  const gpu = requiredFlag(values, "gpu");
  const engineText = stringFlag(values, "engine");
  const utilization = stringFlag(values, "gpu-memory-utilization");
  return planDeployment({
    model: resolveModel(model),
    gpu: resolveGpu(gpu),
    engine: engineText === undefined ? "vllm" : choiceFlag("--engine", engineText, ENGINES, "an engine llmfleet plans for"),
    dtype: dtypeFlag("dtype", stringFlag(values, "dtype"), weightDtypeSchema, WEIGHT_DTYPE_SPELLINGS, "auto"),
    kvCacheDtype: dtypeFlag("kv-cache-dtype", stringFlag(values, "kv-cache-dtype"), kvCacheDtypeSchema, KV_CACHE_DTYPE_SPELLINGS, "auto"),
    maxModelLen: optionalNumber(values, "max-model-len", { unit: "tokens", example: 8192 }),
    gpuMemoryUtilization: utilization === undefined ? undefined : fractionFlag("--gpu-memory-utilization", utilization, "0.9"),
    tensorParallel: optionalNumber(values, "tp", { example: 2 }),
    pipelineParallel: optionalNumber(values, "pp", { example: 2 }),
    maxBatchedTokens: optionalNumber(values, "max-batched-tokens", { unit: "tokens", example: 8192 }),
    minConcurrentSequences: minSequences(values),
    prices: pricesFrom(values),
  });
}

/** Runs `llmfleet plan`; returns the text for stdout. Throws LlmfleetError for bad input. */
export function runPlan(args: readonly string[]): string {
  const values = parseFlags("plan", args, PLAN_OPTIONS);
  if (values["help"] === true) return PLAN_USAGE;
  if (values["list-models"] === true) return listModelsText();
  if (values["list-gpus"] === true) return listGpusText();
  const plan = planFromFlags(values);
  return values["json"] === true ? JSON.stringify(plan, null, 2) : formatPlan(plan);
}
