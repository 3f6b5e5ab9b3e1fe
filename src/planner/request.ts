import { LlmfleetError } from "../errors/index.js";
import type { ModelArchitecture } from "../model/types.js";
import type { PlanRequest } from "./types.js";

function checkPositiveInteger(field: string, value: number | undefined, fix: string): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
    throw new LlmfleetError(field, value, "must be a positive whole number", fix);
  }
}

/**
 * Checks the numeric options of a request that did not come through a zod schema (the planner is a
 * public function); the CLI and the components validate the same ranges at their edge.
 */
export function checkRequest(request: PlanRequest): void {
  checkPositiveInteger("tensorParallel", request.tensorParallel, "use 1, 2, 4 or 8 (a divisor of the attention heads)");
  checkPositiveInteger("pipelineParallel", request.pipelineParallel, "use 1 or more pipeline stages");
  checkPositiveInteger("maxModelLen", request.maxModelLen, "give the longest prompt + output in tokens, e.g. 8192");
  checkPositiveInteger("maxBatchedTokens", request.maxBatchedTokens, "use a token budget such as 8192");
  const utilization = request.gpuMemoryUtilization;
  if (utilization !== undefined && !(utilization > 0 && utilization <= 1)) {
    throw new LlmfleetError("gpuMemoryUtilization", utilization, "must be a fraction in (0, 1]", "use 0.9 (vLLM's default) or another value in (0, 1]");
  }
}

/** vLLM's fallback context when a config.json states none (e.g. bloom, which uses ALiBi). */
export const FALLBACK_MAX_MODEL_LEN = 2048;

/** `maxModelLen`, defaulting to the model's context; longer than the model's context is refused. */
export function resolveMaxModelLen(
  model: ModelArchitecture,
  requested: number | undefined,
): { maxModelLen: number; warnings: string[] } {
  const limit = model.maxPositionEmbeddings;
  if (requested === undefined) {
    if (limit === null) {
      return {
        maxModelLen: FALLBACK_MAX_MODEL_LEN,
        warnings: [`${model.id}'s config.json states no context length: using vLLM's fallback of ${FALLBACK_MAX_MODEL_LEN} tokens (set maxModelLen to override)`],
      };
    }
    return { maxModelLen: limit, warnings: [] };
  }
  if (limit !== null && requested > limit) {
    throw new LlmfleetError(
      "maxModelLen",
      requested,
      `${model.id} was trained for at most ${limit} tokens and vLLM refuses longer contexts`,
      `use --max-model-len ≤ ${limit}`,
    );
  }
  return { maxModelLen: requested, warnings: [] };
}
