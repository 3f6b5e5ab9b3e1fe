/** Registry mirrors: where images and charts come from in regions that cannot reach the public registries. */
export { isOnMirror, mirroredImage, mirrorPrefix, qualifiedImage, sourceImage, type RegistryMirror } from "./mirroredImage.js";
export {
  chartName,
  chartReference,
  chartRegistryValues,
  mergeValues,
  mirroredChartReference,
  mirroredImageValue,
  valueAt,
  type ChartImage,
  type ChartReference,
  type ChartSource,
} from "./chartSource.js";
export { registryMirrorSchema } from "./schema.js";
