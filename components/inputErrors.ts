/**
 * The one place where llmfleet's validation errors become Pulumi's: the engine prints an
 * `InputPropertyError` as "<propertyPath>: <reason>", so users see the field they got wrong.
 */
import * as pulumi from "@pulumi/pulumi";
import { describeValue, LlmfleetError, LlmfleetErrors } from "../src/errors/index.js";

function detailsOf(error: LlmfleetError): pulumi.InputPropertyErrorDetails {
  return { propertyPath: error.field, reason: `${describeValue(error.value)}: ${error.reason}. Fix: ${error.fix}` };
}

/**
 * Runs a component's pure argument validation once, at the boundary, and rethrows llmfleet errors
 * as `InputPropertyError` (one problem) or `InputPropertiesError` (several). Anything else is a bug
 * and propagates unchanged.
 */
export function validateArgs<T>(componentType: string, validate: () => T): T {
  try {
    return validate();
  } catch (error) {
    // The original error stays as `cause`, so callers such as the offline preview can report it whole.
    if (error instanceof LlmfleetError) throw Object.assign(new pulumi.InputPropertyError(detailsOf(error)), { cause: error });
    if (error instanceof LlmfleetErrors) {
      const errors = error.errors.map(detailsOf);
      throw Object.assign(new pulumi.InputPropertiesError({ message: `invalid arguments for ${componentType}`, errors }), { cause: error });
    }
    throw error;
  }
}
