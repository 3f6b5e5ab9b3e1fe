/**
 * The pods that run on the system pool, with their requests: sizes the pool before anything is
 * deployed, and lets the preview check that they fit. Requests come from each chart's values at the
 * version llmfleet pins where the chart sets them; where it sets none (the pod would be BestEffort),
 * the figure is llmfleet's working estimate, marked as such, so that the pool is never sized at zero.
 */

import { PICKER_REPLICAS, PICKER_REQUESTS } from "../inferencePool/picker.js";
import { TOKENIZER_REQUESTS } from "../inferencePool/tokenizerSidecar.js";

export interface SystemWorkload {
  /** `<namespace>/<name>` of the Deployment or StatefulSet. */
  readonly name: string;
  readonly replicas: number;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  /** Where the requests come from. */
  readonly source: string;
}

export interface SystemWorkloadNeeds {
  readonly mesh: boolean;
  readonly monitoring: boolean;
  readonly keda: boolean;
  readonly leaderWorkerSet: boolean;
  readonly mpiOperator: boolean;
  /** MPIJob launchers that run at once (one per Horovod deployment). */
  readonly mpiLaunchers: number;
  /** `routing: inference-pool`: endpoint pickers (one per pool) and gateway proxies (one per route). Default none. */
  /** `tokenizers`: how many of the pickers are precise ones, with a tokenizer sidecar (default 0). */
  readonly inferenceRouting?: { readonly pickers: number; readonly gateways: number; readonly tokenizers?: number } | undefined;
}

const ACK_BASE: readonly SystemWorkload[] = [
  { name: "kube-system/coredns", replicas: 2, cpuMillis: 100, memoryMiB: 70, source: "CoreDNS deployment requests (kubernetes cluster/addons/dns)" },
  { name: "kube-system/csi-provisioner", replicas: 2, cpuMillis: 100, memoryMiB: 256, source: "llmfleet estimate: ACK's managed csi-provisioner (static OSS mounts need it)" },
];

const MESH: readonly SystemWorkload[] = [
  { name: "istio-system/istiod", replicas: 2, cpuMillis: 500, memoryMiB: 2048, source: "istio istio-discovery values.yaml pilot.resources.requests; autoscaleMin 2 (src/mesh/charts.ts)" },
  { name: "istio-system/istio-ingressgateway", replicas: 2, cpuMillis: 100, memoryMiB: 128, source: "istio gateway chart values.yaml resources.requests; minReplicas 2" },
];

const MONITORING: readonly SystemWorkload[] = [
  { name: "monitoring/prometheus", replicas: 1, cpuMillis: 1000, memoryMiB: 4096, source: "llmfleet estimate: kube-prometheus-stack sets no Prometheus request" },
  { name: "monitoring/grafana", replicas: 1, cpuMillis: 100, memoryMiB: 256, source: "llmfleet estimate: the grafana chart sets no request" },
  { name: "monitoring/alertmanager", replicas: 1, cpuMillis: 100, memoryMiB: 128, source: "llmfleet estimate" },
  { name: "monitoring/prometheus-operator", replicas: 1, cpuMillis: 100, memoryMiB: 128, source: "llmfleet estimate" },
  { name: "monitoring/kube-state-metrics", replicas: 1, cpuMillis: 100, memoryMiB: 128, source: "llmfleet estimate" },
];

const KEDA: readonly SystemWorkload[] = [
  { name: "kube-system/keda-operator", replicas: 1, cpuMillis: 100, memoryMiB: 100, source: "kedacore/charts keda values.yaml resources.operator.requests" },
  { name: "kube-system/keda-metrics-apiserver", replicas: 1, cpuMillis: 100, memoryMiB: 100, source: "kedacore/charts keda values.yaml resources.metricServer.requests" },
];

const LWS: readonly SystemWorkload[] = [
  { name: "lws-system/lws-controller-manager", replicas: 1, cpuMillis: 1000, memoryMiB: 1024, source: "kubernetes-sigs/lws charts/lws/values.yaml resources.requests (v0.7.0)" },
];

const MPI_OPERATOR: readonly SystemWorkload[] = [
  { name: "mpi-operator/mpi-operator", replicas: 1, cpuMillis: 100, memoryMiB: 128, source: "llmfleet estimate: deploy/v2beta1/mpi-operator.yaml (v0.6.0) sets no request" },
];

/**
 * The pickers' requests are llmfleet's (src/inferencePool/picker.ts, two replicas per pool). The
 * gateway proxy istiod deploys per Gateway asks what the injected gateway template asks of a
 * proxy (istio-discovery values.yaml `global.proxy.resources.requests`: 100m, 128Mi), one replica.
 */
/** istio-discovery values.yaml `global.proxy.resources.requests` (istio 1.29.2). */
const SIDECAR_REQUESTS = { cpuMillis: 100, memoryMiB: 128 } as const;

function inferenceRouting(needs: { readonly pickers: number; readonly gateways: number; readonly tokenizers?: number }): SystemWorkload[] {
  const tokenizers = needs.tokenizers ?? 0;
  return [
    ...(needs.pickers === 0
      ? []
      : [
          {
            name: "serving/endpoint-pickers",
            replicas: PICKER_REPLICAS * needs.pickers,
            cpuMillis: PICKER_REQUESTS.cpuMillis + SIDECAR_REQUESTS.cpuMillis,
            memoryMiB: PICKER_REQUESTS.memoryMiB + SIDECAR_REQUESTS.memoryMiB,
            source: "llmfleet: endpoint picker requests plus its Istio sidecar's, per replica (src/inferencePool/picker.ts)",
          },
        ]),
    ...(tokenizers === 0
      ? []
      : [
          {
            name: "serving/picker-tokenizers",
            replicas: PICKER_REPLICAS * tokenizers,
            ...TOKENIZER_REQUESTS,
            source: "llmfleet: the UDS tokenizer sidecar of each precise picker replica (src/inferencePool/tokenizerSidecar.ts)",
          },
        ]),
    ...(needs.gateways === 0 ? [] : [{ name: "gateway/inference-gateways", replicas: needs.gateways, ...SIDECAR_REQUESTS, source: "istio-discovery values.yaml global.proxy.resources.requests, one proxy per Gateway" }]),
  ];
}

/** Every system workload a stack with these needs runs. */
export function systemWorkloads(needs: SystemWorkloadNeeds): SystemWorkload[] {
  return [
    ...ACK_BASE,
    ...(needs.mesh ? MESH : []),
    ...(needs.monitoring ? MONITORING : []),
    ...(needs.keda ? KEDA : []),
    ...(needs.leaderWorkerSet ? LWS : []),
    ...(needs.mpiOperator ? MPI_OPERATOR : []),
    ...(needs.mpiLaunchers > 0
      ? [{ name: "launchers/mpi-launcher", replicas: needs.mpiLaunchers, cpuMillis: 1000, memoryMiB: 1024, source: "llmfleet estimate: one MPIJob launcher per Horovod deployment" }]
      : []),
    ...(needs.inferenceRouting === undefined ? [] : inferenceRouting(needs.inferenceRouting)),
  ];
}

/** Σ replicas × requests. */
export function totalRequests(workloads: readonly SystemWorkload[]): { cpuMillis: number; memoryMiB: number } {
  return workloads.reduce(
    (sum, w) => ({ cpuMillis: sum.cpuMillis + w.replicas * w.cpuMillis, memoryMiB: sum.memoryMiB + w.replicas * w.memoryMiB }),
    { cpuMillis: 0, memoryMiB: 0 },
  );
}
