import type { MonitoringSpec, WatchedDeployment } from "../spec.js";
import type { ServingMetrics } from "../servingMetrics.js";
import type { AlertDefinition } from "./rule.js";
import { engineSelector } from "./serving.js";

/**
 * Whether the replicas are there to serve: Ready within their startup budget, scraped, and reached
 * through the gateway without errors.
 */

function minutesCeil(seconds: number): number {
  return Math.ceil(seconds / 60);
}

/** Replicas wanted minus replicas Ready, from kube-state-metrics. */
function missingReplicas(deployment: WatchedDeployment): string {
  const namespace = `namespace="${deployment.namespace}"`;
  if (deployment.workload === "Deployment") {
    const selector = `${namespace}, deployment="${deployment.workloadName}"`;
    return `(kube_deployment_spec_replicas{${selector}} - kube_deployment_status_replicas_ready{${selector}}) > 0`;
  }
  // A LeaderWorkerSet runs its leaders in a StatefulSet of its own name and each group's workers in `<name>-<index>`.
  const selector = `${namespace}, statefulset=~"${deployment.workloadName}|${deployment.workloadName}-[0-9]+"`;
  return `(sum by (namespace) (kube_statefulset_replicas{${selector}}) - sum by (namespace) (kube_statefulset_status_replicas_ready{${selector}})) > 0`;
}

/**
 * One readiness alert per deployment, waiting its own budget: a 7B model is Ready in minutes, a
 * DeepSeek-V3 group reading 700 GB over three nodes can take an hour, and a fixed 15 minutes pages
 * on every normal load of the large one.
 */
export function readinessAlerts(spec: MonitoringSpec): AlertDefinition[] {
  return spec.deployments.map((deployment) => {
    const minutes = minutesCeil(deployment.readinessBudgetSeconds);
    return {
      alert: "InferenceReplicasNotReady",
      expr: missingReplicas(deployment),
      forMinutes: minutes,
      severity: "warning",
      summary: `Replicas of ${deployment.name} ${deployment.version} not Ready after ${minutes} minutes`,
      description:
        `${deployment.workload} ${deployment.namespace}/${deployment.workloadName} has had fewer Ready replicas than it wants for ${minutes} minutes, ` +
        "longer than its image pull and model load may take (its startup budget): GPUs are pending, the model fails to load, or the pods crash-loop.",
      labels: { namespace: deployment.namespace, deployment: deployment.name, version: deployment.version },
    };
  });
}

export function scrapeAlerts(metrics: ServingMetrics): AlertDefinition[] {
  return [
    {
      alert: "InferenceEngineScrapeDown",
      // Only Ready pods: an engine serves /metrics once its model has loaded, so a loading pod is not down.
      expr: `(up{${engineSelector(metrics)}} == 0) and on (namespace, pod) (kube_pod_status_ready{condition="true"} == 1)`,
      forMinutes: 5,
      severity: "critical",
      summary: "Prometheus cannot scrape {{ $labels.pod }}",
      description:
        "{{ $labels.namespace }}/{{ $labels.pod }} ({{ $labels.deployment }} {{ $labels.version }}) is Ready but its metrics endpoint has not answered Prometheus for 5 minutes: " +
        "every alert and panel for this replica is blind.",
    },
  ];
}

/** Envoy's request metrics as reported by the ingress gateway for the routes behind it. */
function gatewayRequests(spec: MonitoringSpec, extra = ""): string {
  return `istio_requests_total{reporter="source", source_workload="${spec.gatewayWorkload}"${extra === "" ? "" : `, ${extra}`}}`;
}

const BY_ROUTE = "destination_service_namespace, destination_service_name";

/**
 * The gateway's view: server errors and requests shed by the circuit breaker. A shed request never
 * reaches a pod, so the gateway cannot say which version it was meant for: these two are per route
 * (the Service behind it); the engines' own error alert is per version.
 */
export function gatewayAlerts(spec: MonitoringSpec): AlertDefinition[] {
  if (!spec.meshGateway) return [];
  return [
    {
      alert: "InferenceGatewayErrors",
      expr:
        `sum by (${BY_ROUTE}) (rate(${gatewayRequests(spec, 'response_code=~"5.."')}[5m])) ` +
        `/ sum by (${BY_ROUTE}) (rate(${gatewayRequests(spec)}[5m])) > ${spec.errorRatio}`,
      forMinutes: 5,
      severity: "critical",
      summary: "The gateway answers requests to {{ $labels.destination_service_name }} with server errors",
      description: `More than ${Math.round(spec.errorRatio * 100)}% of the requests the ingress gateway sent to {{ $labels.destination_service_namespace }}/{{ $labels.destination_service_name }} in the last 5 minutes ended in a 5xx, for 5 minutes: clients see them.`,
    },
    {
      alert: "InferenceGatewayShedding",
      expr: `sum by (${BY_ROUTE}) (rate(${gatewayRequests(spec, 'response_code="503", response_flags=~".*UO.*"')}[5m])) > 0`,
      forMinutes: 5,
      severity: "warning",
      summary: "The circuit breaker sheds requests to {{ $labels.destination_service_name }}",
      description:
        "For 5 minutes the ingress gateway has answered requests to {{ $labels.destination_service_namespace }}/{{ $labels.destination_service_name }} with 503 UO (upstream overflow): " +
        "the DestinationRule's connection pool is full, so the route has fewer replicas than its traffic needs.",
    },
  ];
}
