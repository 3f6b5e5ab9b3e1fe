import { parseArgs } from "node:util";
import { z } from "zod";
import { parseWith, readUserFile } from "../errors/index.js";
import { parsePriceFlag, parsePriceTable, resolveGpu } from "../gpu/index.js";
import { KV_CACHE_DTYPES, WEIGHT_DTYPES, resolveModel } from "../model/index.js";
import { ENGINES, planDeployment, type Plan } from "../planner/index.js";
import { formatPlan } from "./formatPlan.js";

export const PLAN_USAGE = `Usage: llmfleet plan --model <name | path/to/config.json> --gpu <GPU model | instance type> [options]

Sizes a model onto Alibaba Cloud GPUs: tensor/pipeline parallelism, nodes, memory per GPU, KV cache.

Options:
  --model <name|path>              catalogue name (see --list-models) or a Hugging Face config.json
  --gpu <name|instance type>       A10, L20, H20, A100-80G, T4, V100-32G, … or e.g. ecs.gn7i-c8g1.2xlarge
  --engine ${ENGINES.join("|")}  serving engine (default vllm)
  --tp <n>                         tensor-parallel degree (default: planned)
  --pp <n>                         pipeline-parallel degree (default: planned)
  --max-model-len <tokens>         longest prompt + output (default: the model's context)
  --dtype auto|bf16|fp16|fp8|int8|int4   weight precision (default auto)
  --kv-cache-dtype auto|fp8        KV-cache precision (default auto)
  --gpu-memory-utilization <f>     fraction of GPU memory for the engine (vLLM 0.9, BladeLLM 0.85)
  --max-batched-tokens <n>         token budget of one scheduler step (vLLM 8192)
  --min-sequences <n>              warn below n concurrent max-model-len sequences (default 4; 0 never)
  --prices <file>                  hourly prices per instance type (JSON object or CSV type,price)
  --price <type=price,...>         hourly prices inline; ranks instance types by cost
  --json                           print the plan as one JSON object
  --list-models                    list the built-in model catalogue
  -h, --help                       show this help

Exit status: 0 feasible plan, 2 bad input or a configuration that cannot work.`;

const positiveInt = z.coerce.number().int().positive();

const planFlags = z.object({
  model: z.string({ error: "is required" }).min(1),
  gpu: z.string({ error: "is required" }).min(1),
  engine: z.enum(ENGINES).default("vllm"),
  tp: positiveInt.optional(),
  pp: positiveInt.optional(),
  "max-model-len": positiveInt.optional(),
  dtype: z.enum(["auto", ...WEIGHT_DTYPES]).default("auto"),
  "kv-cache-dtype": z.enum(KV_CACHE_DTYPES).default("auto"),
  "gpu-memory-utilization": z.coerce.number().gt(0).lte(1).optional(),
  "max-batched-tokens": positiveInt.optional(),
  "min-sequences": z.coerce.number().int().min(0).optional(),
  prices: z.string().optional(),
  price: z.string().optional(),
  json: z.boolean().default(false),
});

/** Parses `llmfleet plan` arguments and returns the plan; throws LlmfleetError for bad input. */
export function planFromArgs(args: readonly string[]): Plan {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: {
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
      prices: { type: "string" },
      price: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const flags = parseWith(planFlags, values);
  const prices = flags.prices !== undefined ? parsePriceTable(readUserFile(flags.prices, "--prices"), flags.prices) : flags.price !== undefined ? parsePriceFlag(flags.price) : undefined;
  return planDeployment({
    model: resolveModel(flags.model),
    gpu: resolveGpu(flags.gpu),
    engine: flags.engine,
    dtype: flags.dtype,
    kvCacheDtype: flags["kv-cache-dtype"],
    maxModelLen: flags["max-model-len"],
    gpuMemoryUtilization: flags["gpu-memory-utilization"],
    tensorParallel: flags.tp,
    pipelineParallel: flags.pp,
    maxBatchedTokens: flags["max-batched-tokens"],
    minConcurrentSequences: flags["min-sequences"],
    prices,
  });
}

/** Runs `llmfleet plan`; returns the text for stdout. */
export function runPlan(args: readonly string[]): string {
  const json = args.includes("--json");
  const plan = planFromArgs(args);
  return json ? JSON.stringify(plan, null, 2) : formatPlan(plan);
}
