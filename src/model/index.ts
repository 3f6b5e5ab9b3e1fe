/** Model architectures: config.json parsing, parameter and memory maths, and the named-model catalogue. */
export * from "./types.js";
export { parseModelConfig } from "./parseModelConfig.js";
export { defaultDtypeForCheckpoint } from "./quantization.js";
export { weightBytes } from "./weightBytes.js";
export { kvBytesPerToken, kvBytesPerTokenPerGpu, kvCacheElementBytes } from "./kvCache.js";
export { MODEL_CATALOGUE, findCatalogueEntry, listModels } from "./catalogue.js";
export type { CatalogueEntry, CatalogueModel } from "./catalogue.js";
export { resolveModel } from "./resolveModel.js";
export type { TextFileReader } from "./resolveModel.js";
export { KV_CACHE_DTYPE_ALIASES, KV_CACHE_DTYPE_SPELLINGS, WEIGHT_DTYPE_ALIASES, WEIGHT_DTYPE_SPELLINGS, kvCacheDtypeSchema, weightDtypeSchema } from "./dtypeSchemas.js";
