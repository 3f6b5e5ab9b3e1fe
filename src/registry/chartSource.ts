/**
 * A pinned Helm chart as a registry mirror sees it: where the chart comes from, the images it pulls
 * and the values keys that point them elsewhere. With a mirror, the chart is installed as an OCI
 * artifact from ACR (`helm push <chart>-<version>.tgz oci://<mirror>/charts` stores it at
 * `oci://<mirror>/charts/<chart>`), and each image key is rewritten onto the mirror.
 */
import { mirroredImage, mirrorPrefix, type RegistryMirror } from "./mirroredImage.js";

/** One image a chart pulls, and the values key that chooses where from. */
export interface ChartImage {
  /** Registry host and repository the chart pulls by default, e.g. `quay.io/prometheus/prometheus`. */
  readonly source: string;
  /** The tag when llmfleet pins it; null when it is the chart's default at its pinned version. */
  readonly tag: string | null;
  /** Values key the mirror is written to, e.g. `["prometheus", "prometheusSpec", "image", "registry"]`. */
  readonly key: readonly string[];
  /**
   * What the key holds: the registry host alone (`quay.io`, the image's repository stays in its own
   * key), the repository with its host, or an Istio hub (the repository without the image name).
   */
  readonly holds: "registry" | "repository" | "hub";
}

export interface ChartSource {
  /** Chart name in its repository, or an `oci://` reference. */
  readonly chart: string;
  readonly version: string;
  /** Helm repository URL; absent for an OCI chart. */
  readonly repo?: string;
  readonly images: readonly ChartImage[];
  /** Values key of the image pull Secrets, as a list of names or of `{name}` objects; null when the chart has none. */
  readonly pullSecrets: { readonly key: readonly string[]; readonly form: "names" | "objects" } | null;
}

/** What a Helm v4 Chart resource is given to find the chart. */
export interface ChartReference {
  readonly chart: string;
  readonly version: string;
  readonly repositoryOpts?: { readonly repo: string };
}

/** The chart's own name: `base`, or `lws` of `oci://registry.k8s.io/lws/charts/lws`. */
export function chartName(chart: string): string {
  return chart.replace(/\/+$/, "").split("/").pop() ?? chart;
}

/** Where the mirror keeps a chart. */
export function mirroredChartReference(chart: string, registry: RegistryMirror): string {
  return `oci://${mirrorPrefix(registry)}/charts/${chartName(chart)}`;
}

/** The pinned chart, or its copy on the mirror. */
export function chartReference(source: ChartSource, registry: RegistryMirror | undefined): ChartReference {
  if (registry !== undefined) return { chart: mirroredChartReference(source.chart, registry), version: source.version };
  return { chart: source.chart, version: source.version, ...(source.repo === undefined ? {} : { repositoryOpts: { repo: source.repo } }) };
}

/** The value an image key must hold for the chart to pull the image from the mirror. */
export function mirroredImageValue(image: ChartImage, registry: RegistryMirror): string {
  const [host = ""] = image.source.split("/");
  if (image.holds === "registry") return `${mirrorPrefix(registry)}/${host}`;
  if (image.holds === "hub") return mirroredImage(image.source.slice(0, image.source.lastIndexOf("/")), registry);
  return mirroredImage(image.source, registry);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `{a: {b: value}}` for the key `["a", "b"]`. */
function nested(key: readonly string[], value: unknown): Record<string, unknown> {
  const wrapped = key.reduceRight<unknown>((inner, segment) => ({ [segment]: inner }), value);
  return isRecord(wrapped) ? wrapped : {};
}

/** Deep merge of Helm values: objects merge key by key, anything else in `override` wins. */
export function mergeValues(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = merged[key];
    merged[key] = isRecord(current) && isRecord(value) ? mergeValues(current, value) : value;
  }
  return merged;
}

/** Values that point every image of the chart at the mirror and name the pull Secret; none without a mirror. */
export function chartRegistryValues(source: ChartSource, registry: RegistryMirror | undefined): Record<string, unknown> {
  if (registry === undefined) return {};
  const images = source.images.map((image) => nested(image.key, mirroredImageValue(image, registry)));
  const secret = registry.pullSecretName;
  const secrets =
    secret === undefined || source.pullSecrets === null ? [] : [nested(source.pullSecrets.key, source.pullSecrets.form === "names" ? [secret] : [{ name: secret }])];
  return [...images, ...secrets].reduce(mergeValues, {});
}

/** The value at a values key, or undefined. */
export function valueAt(values: unknown, key: readonly string[]): unknown {
  return key.reduce<unknown>((current, segment) => (isRecord(current) ? current[segment] : undefined), values);
}
