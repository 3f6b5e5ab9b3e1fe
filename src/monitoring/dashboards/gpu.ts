import { DCGM_METRICS } from "../metrics.js";
import type { DashboardSpec, PanelSpec } from "./grafana.js";

const HOST = `Hostname=~"$Hostname"`;

function perGpu(title: string, unit: string, expr: string): PanelSpec {
  return { title, unit, queries: [{ expr, legend: "{{Hostname}} GPU {{gpu}}" }] };
}

/** GPU: DCGM exporter utilisation, memory, temperature, power, XID errors and row-remap failures. */
export const gpuDashboard: DashboardSpec = {
  uid: "llmfleet-gpu",
  title: "llmfleet / GPU",
  variables: [{ name: "Hostname", metric: DCGM_METRICS.gpuUtil, label: "Hostname" }],
  panels: [
    perGpu("GPU utilisation", "percent", `avg by (Hostname, gpu) (${DCGM_METRICS.gpuUtil}{${HOST}})`),
    perGpu(
      "GPU memory used",
      "percentunit",
      `sum by (Hostname, gpu) (${DCGM_METRICS.framebufferUsed}{${HOST}}) / sum by (Hostname, gpu) (${DCGM_METRICS.framebufferUsed}{${HOST}} + ${DCGM_METRICS.framebufferFree}{${HOST}})`,
    ),
    perGpu("GPU temperature", "celsius", `max by (Hostname, gpu) (${DCGM_METRICS.gpuTemperature}{${HOST}})`),
    perGpu("GPU power", "watt", `sum by (Hostname, gpu) (${DCGM_METRICS.powerUsage}{${HOST}})`),
    perGpu("Last XID error code", "none", `max by (Hostname, gpu) (${DCGM_METRICS.xidErrors}{${HOST}})`),
    {
      title: "XID events in the exporter's window, by code",
      unit: "short",
      queries: [{ expr: `sum by (Hostname, gpu, xid) (${DCGM_METRICS.xidErrorsInWindow}{${HOST}})`, legend: "{{Hostname}} GPU {{gpu}} XID {{xid}}" }],
    },
    perGpu("Row-remap failure (1 = the GPU cannot repair its memory)", "none", `max by (Hostname, gpu) (${DCGM_METRICS.rowRemapFailure}{${HOST}})`),
  ],
};
