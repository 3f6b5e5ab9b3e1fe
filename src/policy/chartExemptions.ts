/**
 * Chart workloads that must be privileged to do their job, and exactly how much. An exemption
 * applies only to an object a chart rendered (see `isChartRendered`), of the named chart, kind and
 * `app.kubernetes.io/name`, and only to the host access it lists: a chart upgrade that adds another
 * host path or capability is reported like anything else.
 */
import { isChartRendered, renderingChart } from "./chartObjects.js";
import type { PolicyObject } from "./kubernetes.js";
import type { PolicyResource } from "./types.js";

export type HostNamespace = "hostNetwork" | "hostPID" | "hostIPC";

export interface ChartExemption {
  /** Chart name as in its `helm.sh/chart` label. */
  readonly chart: string;
  readonly kind: string;
  /** The object's `app.kubernetes.io/name`. */
  readonly name: string;
  /** The chart version whose templates were read to write this exemption. */
  readonly checkedVersion: string;
  readonly hostNamespaces?: readonly HostNamespace[];
  /** hostPath volumes it may mount, by path. */
  readonly hostPaths?: readonly string[];
  /** Capabilities each container may add, by container name. */
  readonly addedCapabilities?: Readonly<Record<string, readonly string[]>>;
  /** Containers that may run as root. */
  readonly rootContainers?: readonly string[];
  /** Why the chart needs it, for the docs and for reviewers. */
  readonly why: string;
}

export const CHART_EXEMPTIONS: readonly ChartExemption[] = [
  {
    chart: "prometheus-node-exporter",
    kind: "DaemonSet",
    name: "prometheus-node-exporter",
    checkedVersion: "4.56.1 (kube-prometheus-stack 88.5.3's dependency)",
    hostNamespaces: ["hostNetwork", "hostPID"],
    hostPaths: ["/proc", "/sys", "/"],
    why:
      "node-exporter reports the node itself: it reads the host's /proc, /sys and root file system (mounted read-only at /host/*) " +
      "and shares the host's network and PID namespaces so that interface and process metrics are the node's, not the pod's " +
      "(chart values hostNetwork: true, hostPID: true, hostRootFsMount). It runs as uid 65534 with every capability dropped (llmfleet's values).",
  },
  {
    chart: "dcgm-exporter",
    kind: "DaemonSet",
    name: "dcgm-exporter",
    checkedVersion: "4.8.2",
    hostPaths: ["/var/lib/kubelet/pod-resources"],
    addedCapabilities: { exporter: ["SYS_ADMIN"] },
    rootContainers: ["exporter"],
    why:
      "the DCGM exporter maps GPUs to pods through the kubelet's pod-resources socket (hostPath /var/lib/kubelet/pod-resources, " +
      "read-only), which only root can open, and needs SYS_ADMIN for DCGM's profiling counters (DCGM_FI_PROF_*) " +
      "(chart values securityContext: runAsUser 0, capabilities.add [SYS_ADMIN], drop [ALL], allowPrivilegeEscalation false).",
  },
];

/** The exemption that covers this object, if a chart rendered it and it is one of the listed workloads. */
export function chartExemptionFor(resource: PolicyResource, object: PolicyObject): ChartExemption | undefined {
  if (!isChartRendered(resource)) return undefined;
  const chart = renderingChart(object);
  const name = object.labels["app.kubernetes.io/name"];
  return CHART_EXEMPTIONS.find((exemption) => exemption.chart === chart && exemption.kind === object.kind && exemption.name === name);
}
