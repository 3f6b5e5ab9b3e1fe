/**
 * Zod schemas for the serving precisions, accepting vLLM's own spellings (`--dtype float16`,
 * `--kv-cache-dtype fp8_e5m2`) as aliases of llmfleet's short names, so a flag copied from a vLLM
 * command line works. Parsed values are always the short names the planner uses.
 */
import { z } from "zod";
import { KV_CACHE_DTYPES, WEIGHT_DTYPES, type KvCacheDtype, type WeightDtype } from "./types.js";

/** vLLM `--dtype` spellings of the 16-bit weight precisions. */
export const WEIGHT_DTYPE_ALIASES = { float16: "fp16", half: "fp16", bfloat16: "bf16" } as const satisfies Readonly<Record<string, WeightDtype>>;

/**
 * vLLM `--kv-cache-dtype` spellings of an fp8 cache. Both fp8 formats take one byte per value, which is
 * all sizing needs; vLLM's plain `fp8` is e4m3 on NVIDIA GPUs.
 */
export const KV_CACHE_DTYPE_ALIASES = { fp8_e4m3: "fp8", fp8_e5m2: "fp8" } as const satisfies Readonly<Record<string, KvCacheDtype>>;

type WeightDtypeAlias = keyof typeof WEIGHT_DTYPE_ALIASES;
type KvCacheDtypeAlias = keyof typeof KV_CACHE_DTYPE_ALIASES;

/** Every accepted `dtype` spelling: `auto`, the short names, then vLLM's. */
export const WEIGHT_DTYPE_SPELLINGS: readonly (WeightDtype | "auto" | WeightDtypeAlias)[] = ["auto", ...WEIGHT_DTYPES, ...(Object.keys(WEIGHT_DTYPE_ALIASES) as WeightDtypeAlias[])];
/** Every accepted `kvCacheDtype` spelling: the short names, then vLLM's. */
export const KV_CACHE_DTYPE_SPELLINGS: readonly (KvCacheDtype | KvCacheDtypeAlias)[] = [...KV_CACHE_DTYPES, ...(Object.keys(KV_CACHE_DTYPE_ALIASES) as KvCacheDtypeAlias[])];

function isWeightAlias(value: string): value is WeightDtypeAlias {
  return Object.hasOwn(WEIGHT_DTYPE_ALIASES, value);
}

function isKvCacheAlias(value: string): value is KvCacheDtypeAlias {
  return Object.hasOwn(KV_CACHE_DTYPE_ALIASES, value);
}

/** `auto`, a weight precision (`bf16`, `fp16`, `fp8`, `int8`, `int4`) or a vLLM alias; parses to the short name. */
export const weightDtypeSchema = z
  .enum(WEIGHT_DTYPE_SPELLINGS)
  .transform((value): WeightDtype | "auto" => (isWeightAlias(value) ? WEIGHT_DTYPE_ALIASES[value] : value));

/** `auto` (the activation dtype), `fp8` or a vLLM alias of fp8; parses to the short name. */
export const kvCacheDtypeSchema = z
  .enum(KV_CACHE_DTYPE_SPELLINGS)
  .transform((value): KvCacheDtype => (isKvCacheAlias(value) ? KV_CACHE_DTYPE_ALIASES[value] : value));
