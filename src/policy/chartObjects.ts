/**
 * Objects a Helm chart renders. Under a real engine a `kubernetes:helm.sh/v4:Chart` registers each
 * object it renders as a child resource (pulumi-kubernetes `provider/pkg/provider/yaml/v2/yaml.go`,
 * `register`): its type is the object's (`kubernetes:apps/v1:DaemonSet`), its name
 * `<chart resource>:<namespace>/<object>`, and its URN carries the chart in the parent type chain
 * (`…$kubernetes:helm.sh/v4:Chart$kubernetes:apps/v1:DaemonSet::…`). CrossGuard sees every one.
 */
import type { PolicyObject } from "./kubernetes.js";
import type { PolicyResource } from "./types.js";

/** Parent types whose children are rendered from a chart. */
const CHART_TYPES = new Set(["kubernetes:helm.sh/v4:Chart", "kubernetes:helm.sh/v3:Chart"]);

/** The resource's type chain from its URN (`urn:pulumi:<stack>::<project>::<a>$<b>$<type>::<name>`). */
function typeChain(urn: string): string[] {
  const parts = urn.split("::");
  return parts.length >= 4 ? (parts[2] ?? "").split("$") : [];
}

/** True for an object a Helm chart rendered (a child of a Chart component), false for what the program builds itself. */
export function isChartRendered(resource: Pick<PolicyResource, "urn">): boolean {
  if (resource.urn === undefined) return false;
  return typeChain(resource.urn).slice(0, -1).some((type) => CHART_TYPES.has(type));
}

/**
 * The chart that rendered an object, from the `helm.sh/chart: <chart>-<version>` label Helm charts
 * put on their objects; undefined when the label is missing.
 */
export function renderingChart(object: Pick<PolicyObject, "labels">): string | undefined {
  const label = object.labels["helm.sh/chart"];
  if (label === undefined) return undefined;
  return label.replace(/-v?\d+\.\d+\.\d+(?:[-+].*)?$/, "");
}
