/** GPU models, Alibaba Cloud GPU instance types, `--gpu` resolution and user price tables. */
export type { GpuChoice, GpuModel, InstanceType, PriceTable } from "./types.js";
export { AMBIGUOUS_GPU_NAMES, GPU_MODELS } from "./gpuModels.js";
export { ERDMA_FAMILIES, INSTANCE_TYPES } from "./instanceTypes.js";
export { findGpu, findInstanceType, gpuOf, instanceTypesFor, normaliseGpuName } from "./catalogue.js";
export { resolveGpu } from "./resolveGpu.js";
export { parsePriceFlag, parsePriceTable } from "./priceTable.js";
export { compareWithoutPrices, rankInstanceTypes } from "./ranking.js";
