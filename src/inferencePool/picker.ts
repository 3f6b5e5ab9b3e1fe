import type { KubernetesObject } from "../k8s/index.js";
import { ISTIO_STATUS_PORT, MERGED_METRICS_PATH } from "../mesh/metricsMerge.js";
import type { RegistryMirror } from "../registry/index.js";
import { mirroredImage } from "../registry/index.js";
import { containerSecurityContext, podSecurityContext } from "../workload/securityContext.js";
import { routingMetadata } from "./metadata.js";
import { PICKER_PORTS, pickerLabels, pickerName, poolName } from "./names.js";
import { ENDPOINT_PICKER_IMAGE, ENDPOINT_PICKER_UID, type InferenceGatewayImplementation } from "./pinned.js";
import { endpointPickerConfigText, engineMetricFlags } from "./pickerConfig.js";
import { LLM_D_SCHEDULER_IMAGE, UDS_SOCKET_DIR, precisePickerConfigText } from "./precisePrefix.js";
import { tokenizerContainer, tokenizerVolumes } from "./tokenizerSidecar.js";
import type { InferenceRoute, PoolBackend } from "./spec.js";

/**
 * The endpoint picker (EPP) of one pool, after config/charts/epplib/templates at v1.5.0
 * (`_deployment.yaml`, `_service.yaml`, `_rbac.yaml`, `_leader-election-rbac.yaml`) with our
 * hardening. Flags are `pkg/epp/server/options.go` at v1.5.0:
 *
 * - No Istio sidecar, as upstream runs it: with one, the namespace's `Sidecar` (egress to `./*` and
 *   `istio-system/*` only, REGISTRY_ONLY) drops the picker's calls to the API server in `default`,
 *   and its HTTP scrapes of pod IPs match no route (`block_all`), so it could neither start nor read
 *   the engines. The gateway reaches it the way upstream's Istio values do: the picker's own TLS on
 *   9002 (`--secure-serving`, the default) and a DestinationRule `tls: SIMPLE, insecureSkipVerify`
 *   (config/charts/inferencepool/templates/istio.yaml); a NetworkPolicy admits only the route's
 *   gateway pods to 9002.
 * - Engine metrics of injected (single-node) pools from pilot-agent's merged endpoint,
 *   `--model-server-metrics-port 15020` and the data source's path `/stats/prometheus`: the engine's
 *   own port is STRICT mTLS, which a picker outside the mesh cannot speak, while 15020 is plain http
 *   and not redirected to Envoy (src/mesh/metricsMerge.ts). Multi-node leaders carry no sidecar and
 *   are read on the engine port.
 * - `--metrics-endpoint-auth=false`: with auth on, every scrape needs a ServiceAccount token and the
 *   picker a ClusterRole for tokenreviews and subjectaccessreviews (`_rbac.yaml`,
 *   `_servicemonitor.yaml`); instead a NetworkPolicy admits only the Prometheus pods to 9090.
 * - `--tracing=false` (default true, exporting to localhost:4317 where nothing listens),
 *   `--enable-pprof=false` (default true, profiles on the metrics port).
 * - Two replicas with `--ha-enable-leader-election`: one leader serves (the others report not ready
 *   on the `readiness` health service, cmd/epp/runner/health.go), so a lost node does not stop the
 *   route's traffic for the time a new pod takes to start; `Recreate` as upstream (a rolling update
 *   would keep the old leader, `_deployment.yaml`). Because the standby is never Ready, Pulumi does
 *   not await the Deployment (`pulumi.com/skipAwait`: it would wait for 2 of 2 forever;
 *   `InferenceEndpointPickerDown` watches it instead), and no PodDisruptionBudget covers it: any
 *   budget that protects the one Ready pod forbids evicting it, which blocks every drain of its
 *   node, while an eviction costs only the lease handover to the standby.
 */

export const PICKER_REPLICAS = 2;

/**
 * Requests: upstream's values ask 4 CPU and 8 GiB (validated at high QPS, p90 scheduling within
 * 100 ms, config/charts/inferencepool/values.yaml). A pool here is one deployment of a few replicas
 * behind one route, so llmfleet asks 1 CPU and 1 GiB per picker (two per pool on the system pool)
 * and keeps upstream's 16 GiB memory limit and no CPU limit, so scheduling bursts are not throttled.
 * docs/routing.md says when to raise it.
 */
export const PICKER_RESOURCES = { requests: { cpu: "1", memory: "1Gi" }, limits: { memory: "16Gi" } } as const;
export const PICKER_REQUESTS = { cpuMillis: 1000, memoryMiB: 1024 } as const;

/** The lease controller-runtime elects the leader on (pkg/epp/server/controller_manager.go at v1.5.0). */
export function leaderLeaseName(namespace: string, deploymentName: string): string {
  return `epp-${namespace}-${poolName(deploymentName)}.gateway-api-inference-extension.sigs.k8s.io`;
}

/** Single-node pools under Istio are injected: their engine metrics are read at pilot-agent's merged endpoint. */
export function readsMergedMetrics(pool: PoolBackend, implementation: InferenceGatewayImplementation): boolean {
  return implementation === "istio" && !pool.multiNode;
}

function pickerArgs(route: InferenceRoute, pool: PoolBackend, implementation: InferenceGatewayImplementation): string[] {
  return [
    "--pool-name",
    poolName(pool.deploymentName),
    "--pool-namespace",
    route.namespace,
    "--pool-group",
    "inference.networking.k8s.io",
    "--grpc-port",
    String(PICKER_PORTS.grpc),
    "--grpc-health-port",
    String(PICKER_PORTS.grpcHealth),
    "--metrics-port",
    String(PICKER_PORTS.metrics),
    ...(readsMergedMetrics(pool, implementation) ? ["--model-server-metrics-port", String(ISTIO_STATUS_PORT)] : []),
    "--metrics-endpoint-auth=false",
    "--tracing=false",
    "--enable-pprof=false",
    "--ha-enable-leader-election",
    "--zap-encoder",
    "json",
    "--v",
    "1",
    ...engineMetricFlags(pool.engine),
    "--config-text",
    pickerConfigText(pool, readsMergedMetrics(pool, implementation) ? MERGED_METRICS_PATH : "/metrics"),
  ];
}

/** Precise pools run llm-d's scheduler (same GIE v1.5.0 runner, flags, ports and health services: its cmd/epp/main.go). */
function isPrecise(pool: PoolBackend): boolean {
  return pool.prefixCacheRouting === "precise";
}

function pickerImage(pool: PoolBackend): string {
  return isPrecise(pool) ? LLM_D_SCHEDULER_IMAGE : ENDPOINT_PICKER_IMAGE;
}

function pickerConfigText(pool: PoolBackend, metricsPath: string): string {
  // The pool schema requires both for a precise pool; a missing one falls back to the approximate config.
  if (isPrecise(pool) && pool.servedModelName !== undefined && pool.tokenizerSource !== undefined) return precisePickerConfigText(pool.servedModelName, pool.tokenizerSource.modelDirectory, metricsPath);
  return endpointPickerConfigText(pool.engine, metricsPath);
}

function grpcProbe(service: string, periodSeconds: number): Record<string, unknown> {
  return { grpc: { port: PICKER_PORTS.grpcHealth, service }, periodSeconds };
}

export function pickerDeployment(route: InferenceRoute, pool: PoolBackend, implementation: InferenceGatewayImplementation, registry: RegistryMirror | undefined): KubernetesObject {
  const name = pickerName(pool.deploymentName);
  const labels = pickerLabels(pool.deploymentName);
  const metadata = routingMetadata(name, route.namespace, route.name);
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { ...metadata, labels: { ...metadata.labels, ...labels }, annotations: { "pulumi.com/skipAwait": "true" } },
    spec: {
      replicas: PICKER_REPLICAS,
      strategy: { type: "Recreate" },
      selector: { matchLabels: labels },
      template: {
        metadata: {
          labels: { ...labels, "sidecar.istio.io/inject": "false" },
        },
        spec: {
          serviceAccountName: name,
          // A documented exception to sa-rbac (docs/policy.md): the picker watches its pool and the
          // pool's pods through the API server, so this pod, and only it, mounts the token.
          automountServiceAccountToken: true,
          // Mirrors the longest grace period of the pool's pods (upstream: 130 s).
          terminationGracePeriodSeconds: 130,
          securityContext: podSecurityContext(ENDPOINT_PICKER_UID),
          ...(registry?.pullSecretName === undefined ? {} : { imagePullSecrets: [{ name: registry.pullSecretName }] }),
          containers: [
            {
              name: "epp",
              image: mirroredImage(pickerImage(pool), registry),
              imagePullPolicy: "IfNotPresent",
              args: pickerArgs(route, pool, implementation),
              ports: [
                { name: "grpc", containerPort: PICKER_PORTS.grpc, protocol: "TCP" },
                { name: "grpc-health", containerPort: PICKER_PORTS.grpcHealth, protocol: "TCP" },
                { name: "metrics", containerPort: PICKER_PORTS.metrics, protocol: "TCP" },
              ],
              // HA: liveness and readiness are separate health services (upstream's probes for replicas > 1).
              // The picker starts in seconds; the startup probe only keeps liveness from counting before it listens.
              startupProbe: { ...grpcProbe("liveness", 2), failureThreshold: 30 },
              livenessProbe: { ...grpcProbe("liveness", 10), initialDelaySeconds: 5 },
              readinessProbe: grpcProbe("readiness", 2),
              env: [
                { name: "NAMESPACE", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
                { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
              ],
              resources: PICKER_RESOURCES,
              securityContext: containerSecurityContext({ runAsUser: ENDPOINT_PICKER_UID, readOnlyRootFilesystem: true, addCapabilities: [] }),
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }, ...(isPrecise(pool) ? [{ name: "tokenizer-socket", mountPath: UDS_SOCKET_DIR }] : [])],
            },
            ...(isPrecise(pool) ? [tokenizerContainer(registry)] : []),
          ],
          volumes: [{ name: "tmp", emptyDir: { sizeLimit: isPrecise(pool) ? "256Mi" : "64Mi" } }, ...tokenizerVolumes(pool)],
        },
      },
    },
  };
}

export function pickerService(route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: routingMetadata(pickerName(pool.deploymentName), route.namespace, route.name),
    spec: {
      type: "ClusterIP",
      selector: pickerLabels(pool.deploymentName),
      ports: [
        // `grpc` tells Istio the port speaks HTTP/2 (ext_proc is a gRPC stream).
        { name: "grpc", port: PICKER_PORTS.grpc, targetPort: "grpc", protocol: "TCP", appProtocol: "grpc" },
        { name: "metrics", port: PICKER_PORTS.metrics, targetPort: "metrics", protocol: "TCP", appProtocol: "http" },
      ],
    },
  };
}

/** No token by default: the picker's pod asks for one explicitly. */
export function pickerServiceAccount(route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  return { apiVersion: "v1", kind: "ServiceAccount", metadata: routingMetadata(pickerName(pool.deploymentName), route.namespace, route.name), automountServiceAccountToken: false };
}

/**
 * Read-only, namespaced: the pods it picks from (`_rbac.yaml`), its InferencePool and the alpha
 * objectives and rewrites it watches (config/charts/inferencepool/templates/rbac.yaml). No
 * ClusterRole: metrics auth is off, so no tokenreviews or subjectaccessreviews.
 */
export function pickerRole(route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  const read = ["get", "watch", "list"];
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: routingMetadata(pickerName(pool.deploymentName), route.namespace, route.name),
    rules: [
      { apiGroups: [""], resources: ["pods"], verbs: read },
      { apiGroups: ["inference.networking.k8s.io"], resources: ["inferencepools"], verbs: read },
      { apiGroups: ["inference.networking.x-k8s.io"], resources: ["inferenceobjectives", "inferencemodelrewrites"], verbs: read },
    ],
  };
}

/** Leader election: create the lease, then update only its own (`_leader-election-rbac.yaml`, narrowed by name). */
export function pickerLeaderElectionRole(route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "Role",
    metadata: routingMetadata(`${pickerName(pool.deploymentName)}-leader-election`, route.namespace, route.name),
    rules: [
      // `create` cannot be limited by name (Kubernetes RBAC: resourceNames do not apply to create).
      { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
      { apiGroups: ["coordination.k8s.io"], resources: ["leases"], resourceNames: [leaderLeaseName(route.namespace, pool.deploymentName)], verbs: ["get", "watch", "list", "update", "patch"] },
      { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
    ],
  };
}

function roleBinding(route: InferenceRoute, pool: PoolBackend, role: string): KubernetesObject {
  return {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: routingMetadata(role, route.namespace, route.name),
    subjects: [{ kind: "ServiceAccount", name: pickerName(pool.deploymentName), namespace: route.namespace }],
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role },
  };
}

export function pickerObjects(route: InferenceRoute, pool: PoolBackend, implementation: InferenceGatewayImplementation, registry: RegistryMirror | undefined): KubernetesObject[] {
  const name = pickerName(pool.deploymentName);
  return [
    pickerServiceAccount(route, pool),
    pickerRole(route, pool),
    roleBinding(route, pool, name),
    pickerLeaderElectionRole(route, pool),
    roleBinding(route, pool, `${name}-leader-election`),
    pickerService(route, pool),
    pickerDeployment(route, pool, implementation, registry),
  ];
}
