import { z } from "zod";
import { ENGINES } from "../engines/index.js";
import { dnsLabel as kubernetesDnsLabel } from "../k8s/names.js";
import { duplicateReceiverNames, receiverSchema } from "./receivers.js";

const dnsLabel = kubernetesDnsLabel();

/** An inference deployment whose replicas are watched for readiness, with its own startup budget. */
const watchedDeployment = z.strictObject({
  /** The deployment's name: `app.kubernetes.io/name` of its pods, the `deployment` label of its engine metrics. */
  name: dnsLabel,
  namespace: dnsLabel,
  /** `llmfleet.io/version` of its pods. */
  version: z.string().min(1),
  /** The controller kube-state-metrics reports it by: a Deployment, or a LeaderWorkerSet's StatefulSets. */
  workload: z.enum(["Deployment", "LeaderWorkerSet"]),
  /** Name of that controller object (a LeaderWorkerSet's leader StatefulSet has its name, each group's workers `<name>-<index>`). */
  workloadName: dnsLabel,
  /** Longest a replica may take to become Ready after it is created: image pull plus the startup probe's budget, in seconds. */
  readinessBudgetSeconds: z.number().int().positive(),
});

/**
 * The endpoint picker of one InferencePool (a route in `routing: inference-pool` mode): Deployment
 * `<inferencePool>-epp` in `namespace`, pods labelled `llmfleet.io/inference-pool: <inferencePool>`.
 */
const watchedEndpointPicker = z.strictObject({
  namespace: dnsLabel,
  /** The InferencePool's name, which is the name of the deployment it selects. */
  inferencePool: dnsLabel,
});

/**
 * What Monitoring watches, the thresholds of its alerts and where they are sent. Validated once at
 * the edge (`parseWith(monitoringSpecSchema, input, "monitoring")`).
 */
export const monitoringSpecSchema = z
  .strictObject({
    /** Namespace of Prometheus, Grafana and the monitors. Default `monitoring`. */
    namespace: dnsLabel.default("monitoring"),
    /** Namespaces of the InferenceDeployments. Default `["llm-serving"]`. */
    servingNamespaces: z.array(dnsLabel).min(1).default(["llm-serving"]),
    /** Time-to-first-token objective: 95% of requests get their first token within it, in seconds. Default 2. */
    ttftSloSeconds: z.number().positive().default(2),
    /** Inter-token latency objective: 95% of output tokens follow the previous one within it, in seconds. Default 0.2. */
    interTokenLatencySloSeconds: z.number().positive().default(0.2),
    /** Share of requests (0–1) answered with a 5xx above which a deployment or route is alerted. Default 0.05. */
    errorRatio: z.number().gt(0).lt(1).default(0.05),
    /** KV-cache usage (0–1) above which a deployment is alerted as nearly full. Default 0.9. */
    kvCacheUsageRatio: z.number().gt(0).lt(1).default(0.9),
    /** Requests waiting per deployment above which the queue is alerted. Default 5 (the usual KEDA target). */
    waitingRequests: z.number().int().min(1).default(5),
    /** How long a condition must hold before its alert fires, in minutes. Default 10. */
    sustainMinutes: z.number().int().min(1).max(120).default(10),
    /** Engines run with an Istio sidecar under mTLS STRICT: scrape them with Istio certificates. Default false. */
    istioMtls: z.boolean().default(false),
    /**
     * With `istioMtls`, scrape injected engines at pilot-agent's merged endpoint (plain http on the
     * status port, the engine's metrics merged with Envoy's) instead of over mTLS with Istio
     * certificates: for a Prometheus outside the mesh, such as ARMS's agent. Default false.
     */
    mergedMetrics: z.boolean().default(false),
    /** An Istio ingress gateway fronts the deployments (its Envoy metrics are scraped): alert on its errors and shed requests. Default false. */
    meshGateway: z.boolean().default(false),
    /** Workload of the ingress gateway, Istio's `source_workload` for the requests it forwards. Default `istio-ingressgateway`. */
    gatewayWorkload: dnsLabel.default("istio-ingressgateway"),
    /** Labels of the DCGM exporter's Service (the dcgm-exporter chart's by default). */
    gpuExporterSelector: z.record(z.string(), z.string()).default({ "app.kubernetes.io/name": "dcgm-exporter" }),
    /** Deployments whose readiness is alerted, each after its own startup budget. Default none. */
    deployments: z.array(watchedDeployment).default([]),
    /** Endpoint pickers of the InferencePools: scraped, alerted when down, shown on their dashboard. Default none. */
    endpointPickers: z.array(watchedEndpointPicker).default([]),
    /** Engines the watched deployments run: each with metrics gets its serving alerts and dashboards. Default `["vllm"]`. */
    engines: z.array(z.enum(ENGINES)).default(["vllm"]),
    /**
     * Base of every alert's `runbook_url`: `<base>/<AlertName>.md`. Default `docs/runbooks`, the
     * folder in the llmfleet package; point it at your repository's copy to make the links clickable.
     */
    runbookBaseUrl: z.string().min(1).default("docs/runbooks"),
    /** Alertmanager receivers, routed by severity. Default none: every alert goes to the chart's `null` receiver. */
    alerting: z.strictObject({ receivers: z.array(receiverSchema).default([]) }).default({ receivers: [] }),
  })
  .superRefine((spec, context) => {
    for (const index of duplicateReceiverNames(spec.alerting.receivers)) {
      context.addIssue({ code: "custom", path: ["alerting", "receivers", index, "name"], message: "names a receiver that is already defined; Alertmanager needs unique receiver names" });
    }
    const seen = new Set<string>();
    spec.endpointPickers.forEach((picker, index) => {
      const key = `${picker.namespace}/${picker.inferencePool}`;
      if (seen.has(key)) {
        context.addIssue({
          code: "custom",
          path: ["endpointPickers", index, "inferencePool"],
          message: `repeats InferencePool ${key}, which is already watched: its alerts would fire twice`,
          params: { fix: `remove this entry, or name another pool` },
        });
      }
      seen.add(key);
    });
  });

export type MonitoringSpecInput = z.input<typeof monitoringSpecSchema>;
export type MonitoringSpec = z.output<typeof monitoringSpecSchema>;
export type WatchedDeployment = MonitoringSpec["deployments"][number];
export type WatchedEndpointPicker = MonitoringSpec["endpointPickers"][number];

/** Scrape job of the engines: alerts guard their absent() rules on it. */
export const ENGINE_JOB = "llmfleet-engines";
/** Label the engine monitor copies from the pods' `llmfleet.io/engine` (not `engine`: vLLM uses that for its engine-core index). */
export const ENGINE_LABEL = "llmfleet_engine";
/**
 * Target label the engine ServiceMonitor copies from the pod's `app.kubernetes.io/name`: one
 * deployment's series, apart from another deployment serving the same model name (a backup).
 */
export const DEPLOYMENT_LABEL = "deployment";
/** Scrape job of the GPU exporter. */
export const GPU_JOB = "llmfleet-gpu";

/** PromQL matcher for the serving namespaces. */
export function namespaceMatcher(spec: Pick<MonitoringSpec, "servingNamespaces">): string {
  return `namespace=~"${spec.servingNamespaces.join("|")}"`;
}
