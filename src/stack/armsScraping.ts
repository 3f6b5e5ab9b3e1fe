/**
 * Who scrapes the engines in ARMS mode. ACK's managed Prometheus (the `arms-prometheus` component)
 * runs its agent in the `arms-prom` namespace (ACK help, Managed Service for Prometheus FAQ: "Delete
 * the arms-prom namespace" removes it). Its pods carry no label ACK documents, so the engines'
 * NetworkPolicy admits that namespace as a whole — a namespace only ACK's monitoring components use —
 * to the ports Prometheus may reach (the metrics port, and on injected pods pilot-agent's merged
 * endpoint and Envoy's listener), where in kube-prometheus-stack mode it admits only the Prometheus pods.
 */
import type { DeploymentConfig, FleetConfig } from "./config.js";

export const ARMS_AGENT_NAMESPACE = "arms-prom";

type IngressSources = DeploymentConfig["ingressSources"];

/** The scraper a deployment's ingress sources name by default: kube-prometheus-stack's Prometheus pods. */
function namesDefaultScraper(sources: IngressSources): boolean {
  const labels = Object.entries(sources.prometheusPodLabels);
  return (
    sources.monitoringNamespace === "monitoring" &&
    labels.length === 2 &&
    sources.prometheusPodLabels["app.kubernetes.io/name"] === "prometheus" &&
    sources.prometheusPodLabels["app.kubernetes.io/managed-by"] === "prometheus-operator"
  );
}

/** The deployment's ingress sources with the stack's scraper: ARMS's agent in ARMS mode, unless the user named another. */
export function engineIngressSources(config: Pick<FleetConfig, "monitoring">, sources: IngressSources): IngressSources {
  if (config.monitoring.mode !== "arms" || !namesDefaultScraper(sources)) return sources;
  return { ...sources, monitoringNamespace: ARMS_AGENT_NAMESPACE, prometheusPodLabels: {} };
}
