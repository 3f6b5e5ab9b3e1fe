export { startMockSession, valueOf, settle, type MockSession, type RecordedResource } from "./recorder.js";
export { REDACTED, COMPUTED, decodeInputs } from "./decode.js";
