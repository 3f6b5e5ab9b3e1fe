/**
 * Pinned Istio Helm charts for the self-managed mode. One version for all three: base (CRDs),
 * istiod and gateway must move together.
 */
export const ISTIO_VERSION = "1.29.2";
export const ISTIO_CHART_REPO = "https://istio-release.storage.googleapis.com/charts";

export interface PinnedChart {
  readonly chart: string;
  readonly version: string;
  readonly repo: string;
  /** Helm release name; the gateway's also names its ServiceAccount and `istio:` label. */
  readonly releaseName: string;
}

export const ISTIO_CHARTS = {
  base: { chart: "base", version: ISTIO_VERSION, repo: ISTIO_CHART_REPO, releaseName: "istio-base" },
  istiod: { chart: "istiod", version: ISTIO_VERSION, repo: ISTIO_CHART_REPO, releaseName: "istiod" },
  gateway: { chart: "gateway", version: ISTIO_VERSION, repo: ISTIO_CHART_REPO, releaseName: "istio-ingressgateway" },
} as const satisfies Record<string, PinnedChart>;

/** istiod values: strict by default, no egress to unknown hosts, proxies before applications. */
export function istiodValues(): Record<string, unknown> {
  return {
    meshConfig: {
      accessLogFile: "/dev/stdout",
      outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
      defaultConfig: { holdApplicationUntilProxyStarts: true },
    },
    pilot: { autoscaleEnabled: true, autoscaleMin: 2 },
  };
}

/**
 * Ingress gateway values. The gateway is the one entry point, so its Service is a LoadBalancer;
 * on ACK it is an internal (intranet) SLB unless `public` is set.
 */
export function gatewayValues(publicEntry: boolean): Record<string, unknown> {
  return {
    service: {
      type: "LoadBalancer",
      annotations: {
        "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type": publicEntry ? "internet" : "intranet",
      },
      ports: [
        { name: "http2", port: 80, targetPort: 80, protocol: "TCP" },
        { name: "https", port: 443, targetPort: 443, protocol: "TCP" },
      ],
    },
    autoscaling: { enabled: true, minReplicas: 2 },
  };
}
