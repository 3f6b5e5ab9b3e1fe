/** The sizing planner: pure functions from a model, a GPU and serving options to a parallelism plan. */
export type { Engine, PerGpuMemory, Plan, PlanRequest } from "./types.js";
export { ENGINES } from "../engines/index.js";
export { planDeployment } from "./plan.js";
export { parallelismProblems, type ParallelismProblem } from "./constraints.js";
export { memoryBudget, weightsPerGpuBytes, activationBytes } from "./memory.js";
export { ASSUMED_CONTEXT_TOKENS, MAX_SEQUENCES, decodeThroughput, type DecodeThroughput } from "./decodeThroughput.js";
