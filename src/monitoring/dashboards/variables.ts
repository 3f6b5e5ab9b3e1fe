import { ENGINE_JOB, ENGINE_LABEL } from "../spec.js";
import type { ServingMetrics } from "../servingMetrics.js";
import type { DashboardVariable } from "./grafana.js";

/** Namespace, deployment and version pickers, each narrowed by the ones before it. */
export function servingVariables(metrics: ServingMetrics): DashboardVariable[] {
  const engine = `job="${ENGINE_JOB}", ${ENGINE_LABEL}="${metrics.engine}"`;
  return [
    { name: "namespace", metric: `${metrics.running}{${engine}}`, label: "namespace" },
    { name: "deployment", metric: `${metrics.running}{${engine}, namespace=~"$namespace"}`, label: "deployment" },
    { name: "version", metric: `${metrics.running}{${engine}, namespace=~"$namespace", deployment=~"$deployment"}`, label: "version" },
  ];
}
