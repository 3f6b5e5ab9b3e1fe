/** Names every inference-pool object uses (the contract with the picker's monitoring, docs/routing.md). */

/** The InferencePool of a deployment is named after it. */
export function poolName(deploymentName: string): string {
  return deploymentName;
}

/** Deployment, Service, ServiceAccount, Role and RoleBinding of a pool's endpoint picker. */
export function pickerName(deploymentName: string): string {
  return `${deploymentName}-epp`;
}

/** The Gateway API Gateway of a route, in the gateway namespace. */
export function inferenceGatewayName(route: string): string {
  return `${route}-inference`;
}

/**
 * What Istio names the Deployment and ServiceAccount it runs for a Gateway: `<gateway>-<class>`
 * (istio/istio 1.29.2 pilot/pkg/config/kube/gateway/deploymentcontroller.go `getDefaultName`).
 */
export function istioGatewayWorkloadName(route: string): string {
  return `${inferenceGatewayName(route)}-istio`;
}

/** The label Gateway API implementations put on the pods of a Gateway (Istio's kube-gateway template; Envoy Gateway's owning-gateway labels differ). */
export const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";

/** Picker pod labels (the contract with monitoring: it selects pickers by these). */
export function pickerLabels(deploymentName: string): Record<string, string> {
  return {
    "app.kubernetes.io/name": "endpoint-picker",
    "app.kubernetes.io/component": "endpoint-picker",
    "app.kubernetes.io/managed-by": "llmfleet",
    "llmfleet.io/inference-pool": poolName(deploymentName),
  };
}

/** The picker's ports (config/charts/epplib/templates/_deployment.yaml at v1.5.0). */
export const PICKER_PORTS = { grpc: 9002, grpcHealth: 9003, metrics: 9090 } as const;
