/** Istio facts shared by the mesh rules: whether the stack runs a mesh, and its durations. */
import { helmChartOf } from "./helmCharts.js";
import { apiGroupOf, kubernetesObjectOf } from "./kubernetes.js";
import type { PolicyResource } from "./types.js";

/** Istio's charts; `base` and `gateway` are generic names, so they count only from an Istio repository. */
const MESH_CHARTS = new Set(["istiod", "base", "gateway"]);
const MESH_ROOT_TYPES = new Set(["alicloud:servicemesh/serviceMesh:ServiceMesh"]);

/** True when the stack deploys Istio or ASM, or any Istio object. */
export function meshInUse(resources: readonly PolicyResource[]): boolean {
  return resources.some((resource) => {
    if (MESH_ROOT_TYPES.has(resource.type)) return true;
    const chart = helmChartOf(resource);
    if (chart !== undefined) return chart.chart === "istiod" || (MESH_CHARTS.has(chart.chart) && chart.repository.includes("istio"));
    const object = kubernetesObjectOf(resource);
    return object !== undefined && apiGroupOf(object).endsWith("istio.io");
  });
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;
const DURATION_SECONDS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** An Istio duration (`30s`, `5m`, `500ms`) in seconds, undefined when malformed or unknown. */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value !== "string") return undefined;
  const match = DURATION.exec(value);
  if (!match) return undefined;
  return Number(match[1]) * (DURATION_SECONDS[match[2] ?? ""] ?? Number.NaN);
}
