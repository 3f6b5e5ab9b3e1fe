/**
 * Old argument spellings of the components keep working: the component warns once (through the
 * engine's log, on the component) and uses the value under its new name.
 */
import * as pulumi from "@pulumi/pulumi";

export function warnAll(resource: pulumi.Resource, warnings: readonly string[]): void {
  for (const warning of warnings) void pulumi.log.warn(warning, resource);
}

/** The provider under its current argument name, or under the old one with a deprecation warning. */
export function deprecatedProvider<P>(resource: pulumi.Resource, oldName: string, newName: string, oldValue: P | undefined, newValue: P | undefined): P | undefined {
  if (oldValue !== undefined) {
    warnAll(resource, [`args.${oldName} is deprecated: write args.${newName} instead (the old name still works)`]);
  }
  return newValue ?? oldValue;
}
