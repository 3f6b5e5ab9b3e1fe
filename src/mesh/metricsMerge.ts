/**
 * Istio's metrics merging, for a Prometheus outside the mesh (ARMS's agent): with
 * `meshConfig.enablePrometheusMerge`, the sidecar injector moves a pod's `prometheus.io/scrape|port|path`
 * annotations into the proxy's `ISTIO_PROMETHEUS_ANNOTATIONS` and rewrites them to the agent's status
 * port and `/stats/prometheus` (istio/istio 1.29 `pkg/kube/inject/inject.go` `applyPrometheusMerge`);
 * on a scrape there, pilot-agent reads the application's metrics from that port and path inside the
 * pod and returns them together with Envoy's and its own (`pilot/cmd/pilot-agent/status/server.go`
 * `handleStats`). The status port is not redirected to Envoy's inbound listener (Istio CNI
 * `sidecar_redirect.go`: inbound exclusions 15020, 15021, 15090), so it answers plain HTTP while the
 * engine port accepts only mTLS (PeerAuthentication STRICT).
 */

/** pilot-agent's status port (`meshConfig.defaultConfig.statusPort`, default 15020). */
export const ISTIO_STATUS_PORT = 15020;
/** Where pilot-agent serves the merged metrics. */
export const MERGED_METRICS_PATH = "/stats/prometheus";

/**
 * The annotations that tell the injector where the engine's own metrics are: the engine's container
 * port and `/metrics`. Only pods that get a sidecar need them; elsewhere they are inert.
 */
export function mergedMetricsAnnotations(containerPort: number, path = "/metrics"): Readonly<Record<string, string>> {
  return { "prometheus.io/scrape": "true", "prometheus.io/port": String(containerPort), "prometheus.io/path": path };
}
