import { z } from "zod";
import { dnsLabel as kubernetesDnsLabel } from "../k8s/names.js";

const dnsLabel = kubernetesDnsLabel();

/**
 * What Monitoring watches and the thresholds of its alerts. Validated once at the edge
 * (`parseWith(monitoringSpecSchema, input, "monitoring")`).
 */
export const monitoringSpecSchema = z.strictObject({
  /** Namespace of Prometheus, Grafana and the monitors. Default `monitoring`. */
  namespace: dnsLabel.default("monitoring"),
  /** Namespaces of the InferenceDeployments. Default `["llm-serving"]`. */
  servingNamespaces: z.array(dnsLabel).min(1).default(["llm-serving"]),
  /** TTFT p95 objective in seconds; alert above it. Default 2. */
  ttftSloSeconds: z.number().positive().default(2),
  /** KV-cache usage (0–1) above which a model is alerted as nearly full. Default 0.9. */
  kvCacheUsageRatio: z.number().gt(0).lt(1).default(0.9),
  /** Requests waiting per model above which the queue is alerted. Default 5 (the usual KEDA target). */
  waitingRequests: z.number().int().min(1).default(5),
  /** How long a condition must hold before its alert fires, in minutes. Default 10. */
  sustainMinutes: z.number().int().min(1).max(120).default(10),
  /** Engines run with an Istio sidecar under mTLS STRICT: scrape them with Istio certificates. Default false. */
  istioMtls: z.boolean().default(false),
  /** Labels of the DCGM exporter's Service (the dcgm-exporter chart's by default). */
  gpuExporterSelector: z.record(z.string(), z.string()).default({ "app.kubernetes.io/name": "dcgm-exporter" }),
});

export type MonitoringSpecInput = z.input<typeof monitoringSpecSchema>;
export type MonitoringSpec = z.output<typeof monitoringSpecSchema>;

/** Scrape job of the engines: alerts guard their absent() rules on it. */
export const ENGINE_JOB = "llmfleet-engines";
/**
 * Target label the engine ServiceMonitor copies from the pod's `app.kubernetes.io/name`: one
 * deployment's series, apart from another deployment serving the same model name (a backup).
 */
export const DEPLOYMENT_LABEL = "deployment";
/** Scrape job of the GPU exporter. */
export const GPU_JOB = "llmfleet-gpu";

/** PromQL matcher for the serving namespaces. */
export function namespaceMatcher(spec: MonitoringSpec): string {
  return `namespace=~"${spec.servingNamespaces.join("|")}"`;
}
