export { LlmfleetError, LlmfleetErrors, describeValue, isUserError } from "./LlmfleetError.js";
export { formatPath, parseWith } from "./zod.js";
export { readUserFile } from "./readUserFile.js";
export { createUserFolder, fileSystemError } from "./userFolder.js";
