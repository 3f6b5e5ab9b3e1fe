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
    if (error instanceof LlmfleetError) throw new pulumi.InputPropertyError(detailsOf(error));
    if (error instanceof LlmfleetErrors) {
      throw new pulumi.InputPropertiesError({ message: `invalid arguments for ${componentType}`, errors: error.errors.map(detailsOf) });
    }
    throw error;
  }
}
