/**
 * Every chart llmfleet can install, with the images it pulls: what a mirror must hold, and what the
 * preview's sources rule checks chart values against.
 */
import { ISTIO_CHARTS } from "../mesh/charts.js";
import { DCGM_EXPORTER, KUBE_PROMETHEUS_STACK } from "../monitoring/stackValues.js";
import { LWS_CHART, MPI_OPERATOR_IMAGE, MPI_OPERATOR_MANIFEST } from "../operators/pinned.js";
import { chartName, type ChartSource } from "./chartSource.js";

export const PINNED_CHARTS: readonly ChartSource[] = [ISTIO_CHARTS.base, ISTIO_CHARTS.istiod, ISTIO_CHARTS.gateway, KUBE_PROMETHEUS_STACK, DCGM_EXPORTER, LWS_CHART];

/** The pinned chart a Helm release installs, found by the chart's own name (it is the same on the mirror). */
export function pinnedChartOf(chart: string): ChartSource | undefined {
  const name = chartName(chart);
  return PINNED_CHARTS.find((pinned) => chartName(pinned.chart) === name);
}

/** A release manifest the Pulumi program reads, and the image inside it. */
export interface PinnedManifest {
  readonly name: string;
  /** Where llmfleet reads it by default. */
  readonly url: string;
  readonly image: string;
}

export const MPI_OPERATOR: PinnedManifest = { name: "mpi-operator", url: MPI_OPERATOR_MANIFEST, image: MPI_OPERATOR_IMAGE };
