import type { KubernetesObject } from "../k8s/index.js";
import { mergedMetricsAnnotations } from "../mesh/metricsMerge.js";
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
 * - Istio: `--secure-serving=false`, because the gateway reaches the picker through the picker's
 *   sidecar (mTLS, STRICT in the namespace), so the picker's own self-signed TLS would only be a
 *   second layer the gateway cannot verify (upstream's Istio values answer that with a
 *   DestinationRule `insecureSkipVerify: true`, config/charts/inferencepool/templates/istio.yaml).
 *   The sidecar also carries the picker's scrapes of the engines' `/metrics` under STRICT mTLS.
 *   ACK (no mesh): upstream's default, the picker's own TLS on 9002.
 * - `--metrics-endpoint-auth=false`: with auth on, every scrape needs a ServiceAccount token and the
 *   picker a ClusterRole for tokenreviews and subjectaccessreviews (`_rbac.yaml`,
 *   `_servicemonitor.yaml`); instead a NetworkPolicy admits only the Prometheus pods to 9090, and
 *   the sidecar's AuthorizationPolicy only Prometheus's identity, as for the engines' metrics.
 * - `--tracing=false` (default true, exporting to localhost:4317 where nothing listens),
 *   `--enable-pprof=false` (default true, profiles on the metrics port).
 * - Two replicas with `--ha-enable-leader-election`: one leader serves (the others report not ready
 *   on the `readiness` health service, cmd/epp/runner/health.go), so a lost node does not stop the
 *   route's traffic for the time a new pod takes to start; `Recreate` as upstream (a rolling update
 *   would keep the old leader, `_deployment.yaml`).
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
    ...(implementation === "istio" ? ["--secure-serving=false"] : []),
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
    pickerConfigText(pool),
  ];
}

/** Precise pools run llm-d's scheduler (same GIE v1.5.0 runner, flags, ports and health services: its cmd/epp/main.go). */
function isPrecise(pool: PoolBackend): boolean {
  return pool.prefixCacheRouting === "precise";
}

function pickerImage(pool: PoolBackend): string {
  return isPrecise(pool) ? LLM_D_SCHEDULER_IMAGE : ENDPOINT_PICKER_IMAGE;
}

function pickerConfigText(pool: PoolBackend): string {
  // The pool schema requires both for a precise pool; a missing one falls back to the approximate config.
  if (isPrecise(pool) && pool.servedModelName !== undefined && pool.tokenizerSource !== undefined) return precisePickerConfigText(pool.servedModelName, pool.tokenizerSource.modelDirectory);
  return endpointPickerConfigText(pool.engine);
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
    metadata: { ...metadata, labels: { ...metadata.labels, ...labels } },
    spec: {
      replicas: PICKER_REPLICAS,
      strategy: { type: "Recreate" },
      selector: { matchLabels: labels },
      template: {
        metadata: {
          labels: { ...labels, ...(implementation === "istio" ? { "sidecar.istio.io/inject": "true" } : {}) },
          // Where Istio's metrics merging finds the picker's metrics behind the sidecar, for a
          // Prometheus outside the mesh (ARMS; src/monitoring/monitors.ts).
          ...(implementation === "istio" ? { annotations: { ...mergedMetricsAnnotations(PICKER_PORTS.metrics) } } : {}),
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

/** One replica may be evicted at a time (a drain waits for the other to be ready). */
export function pickerDisruptionBudget(route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: routingMetadata(pickerName(pool.deploymentName), route.namespace, route.name),
    // A hung replica must not block a drain (Kubernetes: `unhealthyPodEvictionPolicy`, policy/v1).
    spec: { minAvailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow", selector: { matchLabels: pickerLabels(pool.deploymentName) } },
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
    pickerDisruptionBudget(route, pool),
  ];
}
