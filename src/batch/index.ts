/**
 * Batch inference that produces results: where they are written (an OSS prefix with its own writer
 * role), the shipped Horovod script as a ConfigMap, and the volumes batch pods mount. docs/batch.md.
 */
export { batchInputPath, batchOutputNames, batchOutputUrl, parseOssPrefix, RESULTS_MOUNT_PATH, type BatchOutputNames, type OssPrefix } from "./outputLocation.js";
export { ossPrefixWriterPolicy, outputFuseServiceAccount, outputPersistentVolume, outputVolumeClaim, type BatchOutputVolume } from "./outputObjects.js";
export { BATCH_SCRIPT_PATH, batchScriptConfigMap, batchScriptConfigMapName, shippedBatchScript } from "./script.js";
export { batchPodVolumes, runsAsBatch, runsShippedScript } from "./volumes.js";
export { planBatchOutput, batchOutputArgsSchema, type BatchOutputPlan } from "./outputPlan.js";
export { stackWriterRoleName } from "./outputLocation.js";
export { batchLocation, type BatchLocation } from "./batchLocation.js";
