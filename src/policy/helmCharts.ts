/** Helm chart resources (`kubernetes:helm.sh/v4:Chart`, v3 Chart and Release) and their values. */
import type { PolicyResource } from "./types.js";
import { objectAt, stringAt, type PlainObject } from "./values.js";

export interface HelmChart {
  /** Chart name without repository or OCI prefix, e.g. `kube-prometheus-stack`. */
  readonly chart: string;
  /** `repositoryOpts.repo`, else the chart reference as given (`oci://…`, `istio/base`). */
  readonly repository: string;
  readonly values: PlainObject;
  /** `Chart monitoring/kube-prometheus-stack`, for messages. */
  readonly ref: string;
}

/** The chart a resource installs, or undefined when it is not a Helm resource. */
export function helmChartOf(resource: PolicyResource): HelmChart | undefined {
  if (!resource.type.startsWith("kubernetes:helm.sh/")) return undefined;
  const chartField = stringAt(resource.props, "chart");
  if (chartField === undefined) return undefined;
  const chart = chartField.split("/").pop() ?? chartField;
  const namespace = stringAt(resource.props, "namespace");
  const repository = stringAt(resource.props, "repositoryOpts", "repo") ?? chartField;
  return { chart, repository, values: objectAt(resource.props, "values") ?? {}, ref: `Helm chart ${namespace === undefined ? "" : `${namespace}/`}${resource.name} (${chart})` };
}
