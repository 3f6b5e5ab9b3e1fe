/**
 * Cloud names that must be unique per stack. RAM role and policy names are account-global and a
 * cluster name is what people find in the console, so they derive from the Pulumi project and stack
 * (two stacks of one environment no longer collide). Only cloud names change: Pulumi resource
 * names, and so URNs, stay as they were.
 */

export interface StackResourceNames {
  /** ACK cluster name (DNS label, ≤ 63). */
  readonly clusterName: string;
  /** RAM role the OSS fuse ServiceAccount assumes (≤ 64; its policy is `<role>-read`, ≤ 128). */
  readonly modelReaderRoleName: string;
}

function label(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
}

/** Shortens to `max` characters without leaving a trailing dash. */
function fit(text: string, max: number): string {
  return text.slice(0, max).replace(/-+$/, "");
}

export function stackResourceNames(project: string, stack: string): StackResourceNames {
  const base = label(`${project}-${stack}`) || "llmfleet";
  return {
    clusterName: fit(base, 63),
    modelReaderRoleName: `${fit(base, 64 - "-models-oss-reader".length)}-models-oss-reader`,
  };
}
