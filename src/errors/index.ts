export { LlmfleetError, LlmfleetErrors, describeValue, isUserError } from "./LlmfleetError.js";
export { formatPath, parseWith } from "./zod.js";
export { readUserFile } from "./readUserFile.js";
export { fixForPattern, patternString } from "./patterns.js";
export { errorsOf, joinPath, reroot, rerootError, rootedAt, throwAll, under, type FieldLocator } from "./rooted.js";
export { createUserFolder, fileSystemError } from "./userFolder.js";
