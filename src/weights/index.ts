export { COMPLETION_MARKER, folderSlug, isRemoteSource, pinnedRevision, sourcedModelFolder, type RemoteModelSource } from "./layout.js";
export { fetchJobName, fetchNames, fetchPrefix, weightsFetchObjects, writerVolumeSource, FETCH_UID, type FetchNames, type FetchTarget, type WeightsFetch } from "./fetchJob.js";
export { fetchScript, WRITER_MOUNT_PATH } from "./fetchScript.js";
export { markerWaitScript } from "./markerWait.js";
