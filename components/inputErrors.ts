/**
 * The one place where llmfleet's validation errors become Pulumi's: the engine prints an
 * `InputPropertyError` as "<propertyPath>: <reason>", so users see the field they got wrong.
 */
import * as pulumi from "@pulumi/pulumi";
import { describeValue, LlmfleetError, LlmfleetErrors, reroot, under } from "../src/errors/index.js";

function detailsOf(error: LlmfleetError): pulumi.InputPropertyErrorDetails {
  return { propertyPath: error.field, reason: `${describeValue(error.value)}: ${error.reason}. Fix: ${error.fix}` };
}

/**
 * Runs a component's pure argument validation once, at the boundary, and rethrows llmfleet errors
 * as `InputPropertyError` (one problem) or `InputPropertiesError` (several), each field under
 * `root` (`args.tensorParallel`; the fleet passes "" because its errors already name the stack key).
 * Anything else is a bug and propagates unchanged.
 */
export function validateArgs<T>(componentType: string, validate: () => T, root = "args"): T {
  try {
    return validate();
  } catch (thrown) {
    const error = reroot(thrown, under(root));
    // The original error stays as `cause`, so callers such as the offline preview can report it whole.
    if (error instanceof LlmfleetError) throw Object.assign(new pulumi.InputPropertyError(detailsOf(error)), { cause: error });
    if (error instanceof LlmfleetErrors) {
      const errors = error.errors.map(detailsOf);
      throw Object.assign(new pulumi.InputPropertiesError({ message: `invalid arguments for ${componentType}`, errors }), { cause: error });
    }
    throw error;
  }
}
