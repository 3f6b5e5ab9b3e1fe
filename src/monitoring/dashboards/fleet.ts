import type { DashboardSpec } from "./grafana.js";

const NS = `namespace=~"$namespace"`;

/**
 * Fleet: replicas ready, pending pods and node-pool sizes from kube-state-metrics (node labels
 * `llmfleet.io/pool` are exported through the values' metricLabelsAllowlist).
 */
export const fleetDashboard: DashboardSpec = {
  uid: "llmfleet-fleet",
  title: "llmfleet / Fleet",
  variables: [{ name: "namespace", metric: "kube_deployment_status_replicas_ready", label: "namespace" }],
  panels: [
    {
      title: "Replicas ready",
      unit: "short",
      queries: [
        { expr: `sum by (namespace, deployment) (kube_deployment_status_replicas_ready{${NS}})`, legend: "{{deployment}} ready" },
        { expr: `sum by (namespace, deployment) (kube_deployment_spec_replicas{${NS}})`, legend: "{{deployment}} desired" },
        { expr: `sum by (namespace, statefulset) (kube_statefulset_status_replicas_ready{${NS}})`, legend: "{{statefulset}} ready (LWS)" },
      ],
    },
    {
      title: "Pending pods",
      unit: "short",
      queries: [{ expr: `sum by (namespace) (kube_pod_status_phase{phase="Pending", ${NS}})`, legend: "{{namespace}}" }],
    },
    {
      title: "Node-pool size",
      unit: "short",
      queries: [{ expr: `count by (label_llmfleet_io_pool) (kube_node_labels{label_llmfleet_io_pool!=""})`, legend: "{{label_llmfleet_io_pool}}" }],
    },
    {
      title: "GPUs allocatable",
      unit: "short",
      queries: [{ expr: `sum(kube_node_status_allocatable{resource="nvidia_com_gpu"})`, legend: "GPUs" }],
    },
  ],
};
