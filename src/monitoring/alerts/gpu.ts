import { DCGM_METRICS } from "../metrics.js";
import { GPU_JOB } from "../spec.js";
import { BY_GPU, type AlertDefinition } from "./rule.js";

/**
 * GPU health from the DCGM exporter. `DCGM_FI_DEV_XID_ERRORS` holds the code of the *last* XID and
 * never resets (NVIDIA/dcgm-exporter#500, DCGM#277): alerting on its value fires forever after the
 * first XID, and a repeat of the same code leaves it unchanged. llmfleet's exporter values switch on
 * `DCGM_EXP_XID_ERRORS_COUNT`, which counts each XID in a sliding window with the code in label
 * `xid`; where only the gauge is exported (an exporter installed by others), the alerts fall back
 * to *changes* of the gauge.
 */

/**
 * XIDs that mean the hardware or its link failed and the GPU needs a reset or replacing: 48 double-bit
 * ECC, 63/64 row-remapping events, 74 NVLink, 79 fallen off the bus, 92–95 ECC/contained errors,
 * 119/120 GSP. (NVIDIA XID catalogue; the list the issue and the DCGM docs agree on.)
 */
export const HARDWARE_XIDS = [48, 63, 64, 74, 79, 92, 93, 94, 95, 119, 120] as const;
/**
 * XIDs usually caused by the application (an illegal memory access in a kernel, a killed context):
 * 13 graphics engine exception, 31 MMU fault, 43 GPU stopped processing, 45 preemptive cleanup. The
 * engine usually crashes with them; they are worth a look, not a page.
 */
export const APPLICATION_XIDS = [13, 31, 43, 45] as const;

/** Seconds of history the gauge fallback looks back for a change. */
const CHANGE_WINDOW = "10m";

function codeRegex(codes: readonly number[]): string {
  return codes.join("|");
}

/**
 * GPUs that reported one of `codes`: from the windowed counter, or from a change of the last-XID
 * gauge on GPUs that export no counter, with the code copied into label `xid`.
 */
function xidExpression(codes: readonly number[]): string {
  const counted = `max by (${BY_GPU}, xid) (${DCGM_METRICS.xidErrorsInWindow}{xid=~"${codeRegex(codes)}"}) > 0`;
  const lastCode = codes.map((code) => `label_replace(max by (${BY_GPU}) (${DCGM_METRICS.xidErrors}) == ${code}, "xid", "${code}", "", "")`).join(" or ");
  const changed = `max by (${BY_GPU}) (changes(${DCGM_METRICS.xidErrors}[${CHANGE_WINDOW}])) > 0`;
  const withoutCounter = `count by (${BY_GPU}) (${DCGM_METRICS.xidErrorsInWindow})`;
  return `(${counted}) or (((${lastCode}) and on (${BY_GPU}) (${changed})) unless on (${BY_GPU}) ${withoutCounter})`;
}

export function gpuAlerts(): AlertDefinition[] {
  return [
    {
      alert: "GpuHardwareXid",
      expr: xidExpression(HARDWARE_XIDS),
      forMinutes: 0,
      severity: "critical",
      summary: "Hardware XID {{ $labels.xid }} on GPU {{ $labels.gpu }} of {{ $labels.Hostname }}",
      description:
        "The NVIDIA driver reported XID {{ $labels.xid }} on GPU {{ $labels.gpu }} ({{ $labels.UUID }}) of node {{ $labels.Hostname }}: a hardware, memory or interconnect fault. " +
        "The GPU needs a reset or replacement; drain the node so its replicas move.",
    },
    {
      alert: "GpuApplicationXid",
      expr: xidExpression(APPLICATION_XIDS),
      forMinutes: 0,
      severity: "warning",
      summary: "Application XID {{ $labels.xid }} on GPU {{ $labels.gpu }} of {{ $labels.Hostname }}",
      description:
        "The NVIDIA driver reported XID {{ $labels.xid }} on GPU {{ $labels.gpu }} ({{ $labels.UUID }}) of node {{ $labels.Hostname }}: usually a fault of the program using it " +
        "(an illegal memory access, a killed context). Check the engine on that GPU; the GPU itself is usually fine.",
    },
    {
      alert: "GpuRowRemapFailure",
      expr: `max by (${BY_GPU}) (${DCGM_METRICS.rowRemapFailure}) > 0`,
      forMinutes: 0,
      severity: "critical",
      summary: "GPU {{ $labels.gpu }} of {{ $labels.Hostname }} has no spare memory rows left",
      description:
        "GPU {{ $labels.gpu }} ({{ $labels.UUID }}) of node {{ $labels.Hostname }} failed to remap a failing memory row: its memory can no longer be repaired in the field " +
        "and it will keep producing uncorrectable errors. Drain the node and have the instance repaired.",
    },
    {
      alert: "GpuExporterMissing",
      expr:
        `max by (node) (kube_node_labels{label_llmfleet_io_gpu!=""}) ` +
        `unless on (node) max by (node) (label_replace(${DCGM_METRICS.gpuUtil}, "node", "$1", "Hostname", "(.*)"))`,
      forMinutes: 15,
      severity: "warning",
      summary: "No GPU metrics from node {{ $labels.node }}",
      description:
        `GPU node {{ $labels.node }} has exported no DCGM metrics for 15 minutes (scrape job ${GPU_JOB}): the DCGM exporter is not running there or cannot be scraped, ` +
        "so XID and row-remap alerts for its GPUs cannot fire.",
    },
  ];
}
