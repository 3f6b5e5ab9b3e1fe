/** Request field → the `llmfleet plan` flag that sets it, so CLI errors name what the user typed. */
const FLAG_FOR_FIELD: Readonly<Record<string, string>> = {
  model: "--model",
  gpu: "--gpu",
  engine: "--engine",
  dtype: "--dtype",
  kvCacheDtype: "--kv-cache-dtype",
  maxModelLen: "--max-model-len",
  gpuMemoryUtilization: "--gpu-memory-utilization",
  tensorParallel: "--tp",
  pipelineParallel: "--pp",
  maxBatchedTokens: "--max-batched-tokens",
  minConcurrentSequences: "--min-sequences",
  prices: "--prices",
};

const FLAGS: ReadonlySet<string> = new Set(Object.values(FLAG_FOR_FIELD).concat("--price", "--json"));

/**
 * `tensorParallel` → `--tp`; `max-model-len` → `--max-model-len`; `prices.ecs.x` → `--prices (ecs.x)`;
 * anything else passes through.
 */
export function flagForField(field: string): string {
  const direct = FLAG_FOR_FIELD[field];
  if (direct !== undefined) return direct;
  if (FLAGS.has(`--${field}`)) return `--${field}`;
  const [head, ...rest] = field.split(".");
  const flag = head === undefined ? undefined : FLAG_FOR_FIELD[head];
  return flag === undefined ? field : `${flag} (${rest.join(".")})`;
}
