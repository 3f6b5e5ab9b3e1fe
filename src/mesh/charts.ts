import { ISTIO_INFERENCE_ENV } from "../inferencePool/pinned.js";
import type { ChartImage, ChartSource } from "../registry/chartSource.js";

/**
 * Pinned Istio Helm charts for the self-managed mode. One version for all three: base (CRDs),
 * istiod and gateway must move together.
 */
export const ISTIO_VERSION = "1.29.2";
export const ISTIO_CHART_REPO = "https://istio-release.storage.googleapis.com/charts";

export interface PinnedChart extends ChartSource {
  readonly repo: string;
  /** Helm release name; the gateway's also names its ServiceAccount and `istio:` label. */
  readonly releaseName: string;
}

/**
 * Istio's images and where its charts choose them (manifests/charts at tag 1.29.2). istiod's
 * container is `{hub}/pilot:{tag}` (istio-discovery/templates/deployment.yaml); every injected
 * sidecar, and the gateway whose chart says `image: auto`, is `{global.hub}/proxyv2:{tag}` from
 * istiod's injection templates. Released charts set `global.hub` to Docker Hub's `istio` project
 * and `global.tag` to the release ("Releases are published to docker hub under 'istio' project",
 * istio-discovery/values.yaml). Pull Secrets: `global.imagePullSecrets`, a list of names, on
 * istiod's and base's ServiceAccounts and on every injected pod (injection-template.yaml,
 * gateway-injection-template.yaml); the gateway chart's own `imagePullSecrets` is pasted into its
 * pod spec as `{name}` objects (gateway/templates/deployment.yaml).
 */
const ISTIO_IMAGES: readonly ChartImage[] = [
  { source: "docker.io/istio/pilot", tag: ISTIO_VERSION, key: ["global", "hub"], holds: "hub" },
  { source: "docker.io/istio/proxyv2", tag: ISTIO_VERSION, key: ["global", "hub"], holds: "hub" },
];
const ISTIO_PULL_SECRETS = { key: ["global", "imagePullSecrets"], form: "names" } as const;

export const ISTIO_CHARTS = {
  base: { chart: "base", version: ISTIO_VERSION, repo: ISTIO_CHART_REPO, releaseName: "istio-base", images: [], pullSecrets: ISTIO_PULL_SECRETS },
  istiod: { chart: "istiod", version: ISTIO_VERSION, repo: ISTIO_CHART_REPO, releaseName: "istiod", images: ISTIO_IMAGES, pullSecrets: ISTIO_PULL_SECRETS },
  gateway: {
    chart: "gateway",
    version: ISTIO_VERSION,
    repo: ISTIO_CHART_REPO,
    releaseName: "istio-ingressgateway",
    images: [],
    pullSecrets: { key: ["imagePullSecrets"], form: "objects" },
  },
} as const satisfies Record<string, PinnedChart>;

/**
 * istiod values: strict by default, no egress to unknown hosts, proxies before applications. With
 * `inferenceExtension`, istiod serves HTTPRoutes to InferencePools: the chart's top-level `env`
 * becomes istiod's environment (istio-discovery/templates/deployment.yaml ranges over `.Values.env`;
 * istioctl spells it `values.pilot.env`), and `ENABLE_GATEWAY_API_INFERENCE_EXTENSION` is the
 * switch (pilot/pkg/features/experimental.go, src/inferencePool/pinned.ts).
 */
export function istiodValues(inferenceExtension = false): Record<string, unknown> {
  return {
    meshConfig: {
      accessLogFile: "/dev/stdout",
      outboundTrafficPolicy: { mode: "REGISTRY_ONLY" },
      defaultConfig: { holdApplicationUntilProxyStarts: true },
      // Istio's default, stated: the injector points prometheus.io annotations at pilot-agent's merged
      // endpoint, which a Prometheus without mesh certificates (ARMS's agent) can scrape (metricsMerge.ts).
      enablePrometheusMerge: true,
    },
    pilot: { autoscaleEnabled: true, autoscaleMin: 2 },
    ...(inferenceExtension ? { env: { [ISTIO_INFERENCE_ENV]: "true" } } : {}),
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
