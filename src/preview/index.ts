export { llmfleetMocks, startMockSession, valueOf, settle, type MockSession, type RecordedResource } from "./recorder.js";
export { runUnderMocks, type MockRun, type MockRunOptions } from "./runUnderMocks.js";
export { REDACTED, COMPUTED, decodeInputs } from "./decode.js";
