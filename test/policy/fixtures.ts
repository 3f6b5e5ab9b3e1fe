/**
 * Small, readable resources for policy tests. `gpuDeployment()` and `compliantStack()` pass every
 * rule; tests change one field to make a rule fail.
 */
import { alertmanagerConfig, receiverSchema } from "../../src/monitoring/index.js";
import { parsePolicyConfig, runRule, type PolicyConfig, type PolicyResource, type PolicyRule, type Violation } from "../../src/policy/index.js";

export const NS = "llm-serving";
export const LABELS = { "app.kubernetes.io/name": "qwen", "app.kubernetes.io/part-of": "llmfleet" };

type Props = Record<string, unknown>;

/** A Kubernetes resource as CrossGuard or the preview would supply it. */
export function k8s(type: string, props: Props): PolicyResource {
  const metadata = props["metadata"] as { name?: string } | undefined;
  const name = metadata?.name ?? "unnamed";
  return { type, name, urn: `urn:pulumi:test::llmfleet::${type}::${name}`, props };
}

export function customResource(apiVersion: string, kind: string, metadata: Props, spec: unknown): PolicyResource {
  return k8s("kubernetes:apiextensions.k8s.io:CustomResource", { apiVersion, kind, metadata, spec });
}

export const SECURE_CONTEXT = { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, runAsNonRoot: true, runAsUser: 1000 };

const health = (periodSeconds: number, failureThreshold: number): Props => ({ httpGet: { path: "/health", port: 8000 }, periodSeconds, failureThreshold });

/** A vLLM engine container on two GPUs that satisfies every rule. */
export function engineContainer(overrides: Props = {}): Props {
  return {
    name: "vllm",
    image: "vllm/vllm-openai:v0.8.5",
    args: ["--model", "/models/Qwen2.5-7B-Instruct", "--tensor-parallel-size", "2"],
    env: [{ name: "VLLM_API_KEY", valueFrom: { secretKeyRef: { name: "qwen-api-key", key: "key" } } }],
    ports: [{ name: "http", containerPort: 8000 }],
    resources: {
      requests: { memory: "48Gi", "nvidia.com/gpu": 2, "ephemeral-storage": "50Gi" },
      limits: { memory: "64Gi", "nvidia.com/gpu": 2, "ephemeral-storage": "50Gi" },
    },
    securityContext: SECURE_CONTEXT,
    startupProbe: health(10, 60),
    readinessProbe: health(5, 3),
    livenessProbe: health(10, 6),
    lifecycle: { preStop: { sleep: { seconds: 15 } } },
    volumeMounts: [{ name: "dshm", mountPath: "/dev/shm" }],
    ...overrides,
  };
}

export const GPU_TOLERATION = { key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" };

export function servingPodSpec(overrides: Props = {}, container: Props = {}): Props {
  return {
    serviceAccountName: "qwen",
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    terminationGracePeriodSeconds: 90,
    nodeSelector: { "llmfleet.io/pool": "a10x2" },
    tolerations: [GPU_TOLERATION],
    volumes: [{ name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "16Gi" } }],
    containers: [engineContainer(container)],
    ...overrides,
  };
}

export interface DeploymentPatch {
  readonly container?: Props;
  readonly pod?: Props;
  readonly spec?: Props;
  readonly annotations?: Record<string, string>;
  readonly templateAnnotations?: Record<string, string>;
}

/** `Deployment llm-serving/qwen`: two replicas of a two-GPU vLLM pod that passes every rule. */
export function gpuDeployment(patch: DeploymentPatch = {}): PolicyResource {
  return k8s("kubernetes:apps/v1:Deployment", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "qwen", namespace: NS, labels: LABELS, ...(patch.annotations ? { annotations: patch.annotations } : {}) },
    spec: {
      replicas: 2,
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      selector: { matchLabels: LABELS },
      template: {
        metadata: { labels: LABELS, ...(patch.templateAnnotations ? { annotations: patch.templateAnnotations } : {}) },
        spec: servingPodSpec(patch.pod, patch.container),
      },
      ...patch.spec,
    },
  });
}

/** A two-node LeaderWorkerSet (`LeaderWorkerSet llm-serving/qwen-72b`) that passes every rule. */
export function gpuLeaderWorkerSet(leaderWorkerTemplate: Props = {}): PolicyResource {
  const pod = (role: string): Props => ({ metadata: { labels: { ...LABELS, "app.kubernetes.io/name": "qwen-72b", "llmfleet.io/role": role } }, spec: servingPodSpec() });
  return customResource("leaderworkerset.x-k8s.io/v1", "LeaderWorkerSet", { name: "qwen-72b", namespace: NS }, {
    replicas: 1,
    leaderWorkerTemplate: { size: 2, restartPolicy: "RecreateGroupOnPodRestart", leaderTemplate: pod("leader"), workerTemplate: pod("worker"), ...leaderWorkerTemplate },
    rolloutStrategy: { type: "RollingUpdate", rollingUpdateConfiguration: { maxSurge: 0, maxUnavailable: 1 } },
  });
}

export function nodePool(name: string, props: Props = {}): PolicyResource {
  return {
    type: "alicloud:cs/nodePool:NodePool",
    name,
    urn: `urn:pulumi:test::llmfleet::alicloud:cs/nodePool:NodePool::${name}`,
    props: {
      nodePoolName: name,
      instanceTypes: ["ecs.gn7i-c32g1.16xlarge"],
      labels: [{ key: "llmfleet.io/pool", value: name }, { key: "llmfleet.io/gpu", value: "A10" }],
      taints: [{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }],
      ...props,
    },
  };
}

export function networkPolicy(name: string, spec: Props): PolicyResource {
  return k8s("kubernetes:networking.k8s.io/v1:NetworkPolicy", { apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name, namespace: NS }, spec });
}

export const DEFAULT_DENY = networkPolicy("default-deny", { podSelector: {}, policyTypes: ["Ingress"] });
export const ALLOW_QWEN = networkPolicy("qwen-ingress", {
  podSelector: { matchLabels: { "app.kubernetes.io/part-of": "llmfleet" } },
  policyTypes: ["Ingress"],
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } } }], ports: [{ port: 8000 }] }],
});

export function disruptionBudget(spec: Props = {}): PolicyResource {
  return k8s("kubernetes:policy/v1:PodDisruptionBudget", {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name: "qwen", namespace: NS },
    spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow", selector: { matchLabels: LABELS }, ...spec },
  });
}

export function service(name: string, namespace: string, spec: Props, annotations?: Record<string, string>): PolicyResource {
  return k8s("kubernetes:core/v1:Service", { apiVersion: "v1", kind: "Service", metadata: { name, namespace, ...(annotations ? { annotations } : {}) }, spec });
}

export const GATEWAY_SERVICE = service("istio-ingressgateway", "istio-system", { type: "LoadBalancer", selector: { istio: "ingressgateway" }, ports: [{ name: "https", port: 443 }] });

export function istio(group: "networking" | "security", kind: string, name: string, spec: unknown, namespace = NS): PolicyResource {
  return customResource(`${group}.istio.io/v1`, kind, { name, namespace }, spec);
}

export const STRICT_MTLS = istio("security", "PeerAuthentication", "default", { mtls: { mode: "STRICT" } }, "istio-system");
export const ALLOW_NOTHING = istio("security", "AuthorizationPolicy", "allow-nothing", {});
export const ALLOW_CHAT = istio("security", "AuthorizationPolicy", "qwen-allow", {
  selector: { matchLabels: LABELS },
  action: "ALLOW",
  rules: [{ from: [{ source: { requestPrincipals: ["*"] } }], to: [{ operation: { methods: ["POST"], paths: ["/v1/chat/completions", "/v1/completions"] } }] }],
});
export const JWT = istio("security", "RequestAuthentication", "qwen-jwt", { jwtRules: [{ issuer: "https://auth.example.com" }] });

export function virtualService(route: Props = {}): PolicyResource {
  return istio("networking", "VirtualService", "qwen", {
    hosts: ["llm.example.com"],
    gateways: ["istio-system/llm-gateway"],
    http: [{ name: "qwen", route: [{ destination: { host: "qwen" } }], timeout: "600s", retries: { attempts: 1, retryOn: "connect-failure,refused-stream" }, ...route }],
  });
}

export function destinationRule(trafficPolicy: Props = {}): PolicyResource {
  return istio("networking", "DestinationRule", "qwen", {
    host: "qwen",
    trafficPolicy: {
      loadBalancer: { simple: "LEAST_REQUEST" },
      connectionPool: { http: { http2MaxRequests: 256, http1MaxPendingRequests: 64 } },
      outlierDetection: { consecutive5xxErrors: 5, interval: "10s", baseEjectionTime: "30s", maxEjectionPercent: 50 },
      ...trafficPolicy,
    },
  });
}

export function gateway(server: Props = {}): PolicyResource {
  return istio("networking", "Gateway", "llm-gateway", {
    selector: { istio: "ingressgateway" },
    servers: [{ name: "https", port: { number: 443, name: "https", protocol: "HTTPS" }, hosts: ["llm.example.com"], tls: { mode: "SIMPLE", credentialName: "llm-tls" }, ...server }],
  }, "istio-system");
}

export function monitoringChart(values: Props = {}): PolicyResource {
  return {
    type: "kubernetes:helm.sh/v4:Chart",
    name: "monitoring",
    urn: "urn:pulumi:test::llmfleet::kubernetes:helm.sh/v4:Chart::monitoring",
    props: {
      chart: "kube-prometheus-stack",
      version: "79.4.0",
      namespace: "monitoring",
      repositoryOpts: { repo: "https://prometheus-community.github.io/helm-charts" },
      values: {
        grafana: { admin: { existingSecret: "grafana-admin" } },
        prometheus: { prometheusSpec: { retention: "15d" } },
        alertmanager: { config: alertmanagerConfig([receiverSchema.parse({ name: "oncall", kind: "pagerduty" })]) },
        ...values,
      },
    },
  };
}

export function scaledObject(spec: Props = {}): PolicyResource {
  return customResource("keda.sh/v1alpha1", "ScaledObject", { name: "qwen", namespace: NS }, {
    scaleTargetRef: { name: "qwen" },
    minReplicaCount: 1,
    maxReplicaCount: 4,
    triggers: [{ type: "prometheus", metadata: { serverAddress: "http://prometheus.monitoring:9090", query: "sum(vllm:num_requests_waiting)", threshold: "5" } }],
    ...spec,
  });
}

export const SERVICE_ACCOUNT = k8s("kubernetes:core/v1:ServiceAccount", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "qwen", namespace: NS }, automountServiceAccountToken: false });

/** A whole serving stack that passes every rule: the oracle the failing fixtures are measured against. */
export function compliantStack(): PolicyResource[] {
  return [
    nodePool("a10x2"),
    SERVICE_ACCOUNT,
    gpuDeployment(),
    gpuLeaderWorkerSet(),
    service("qwen", NS, { selector: LABELS, ports: [{ name: "http", port: 8000 }] }),
    GATEWAY_SERVICE,
    DEFAULT_DENY,
    ALLOW_QWEN,
    disruptionBudget(),
    STRICT_MTLS,
    ALLOW_NOTHING,
    ALLOW_CHAT,
    JWT,
    virtualService(),
    destinationRule(),
    gateway(),
    monitoringChart(),
    scaledObject(),
  ];
}

/** Runs one rule over one resource or a stack, with the default configuration unless given. */
export function violationsOf(rule: PolicyRule, input: PolicyResource | readonly PolicyResource[], config: PolicyConfig = parsePolicyConfig()): Violation[] {
  return runRule(rule, Array.isArray(input) ? input : [input as PolicyResource], config);
}
