/**
 * An `InferenceDeployment` that the fleet creates validates its arguments like any other; its
 * errors name the argument (`args.extraArgs[0]`). Inside the fleet, the user wrote a stack entry,
 * so the same error is re-rooted at it (`llmfleet:fleet.deployments[1].extraArgs[0]`), the pool for
 * placement problems and the storage for volume problems: one mechanism (`reroot`), one place.
 */
import type { FieldLocator } from "../src/errors/index.js";
import { isUserError, reroot } from "../src/errors/index.js";
import { validateArgs } from "./inputErrors.js";

function relativeToArgs(field: string): string {
  return field.replace(/^args\.?/, "");
}

export function fleetChildErrors<T>(fleetType: string, locate: FieldLocator, at: { deployment: number; pool: number }, create: () => T): T {
  try {
    return create();
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    if (!isUserError(cause)) throw error;
    const located = reroot(cause, (field) => {
      const relative = relativeToArgs(field);
      if (relative.startsWith("placement")) return locate(`nodePools[${at.pool}].gpu`);
      if (relative.startsWith("volume")) return locate("storage");
      return locate(`deployments[${at.deployment}]${relative.startsWith("[") ? "" : "."}${relative}`);
    });
    return validateArgs(fleetType, () => {
      throw located;
    }, "");
  }
}
