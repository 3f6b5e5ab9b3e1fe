/**
 * The objects of an `inference-pool` route shaped as the issue-14 contract says llmfleet renders
 * them (InferencePool, endpoint picker Deployment/ServiceAccount/Role/RoleBinding, HTTPRoute), over
 * serving workloads labelled by llmfleet's own label builder. Each passes every routing rule;
 * tests change one field to make a rule fail.
 */
import type { PolicyResource } from "../../src/policy/index.js";
import { selectorLabels, workloadLabels, type PodRole } from "../../src/workload/labels.js";
import { customResource, k8s, NS, SECURE_CONTEXT, servingPodSpec } from "./fixtures.js";

type Props = Record<string, unknown>;

export const PICKER_IMAGE = "registry.k8s.io/gateway-api-inference-extension/epp:v1.5.0";

function servingLabels(name: string, engine: "vllm" | "sglang" | "bladellm" = "vllm", role?: PodRole): Record<string, string> {
  return workloadLabels({ name, version: "v1", model: "Qwen/Qwen2.5-7B-Instruct", engine }, role);
}

/** `Deployment llm-serving/<name>`: one vLLM pod per replica on port 8000, its key from Secret `<name>-api-key`. */
export function servingDeployment(name = "qwen", container: Props = {}, engine: "vllm" | "sglang" | "bladellm" = "vllm"): PolicyResource {
  return k8s("kubernetes:apps/v1:Deployment", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: NS, labels: servingLabels(name, engine) },
    spec: {
      replicas: 2,
      selector: { matchLabels: selectorLabels(name) },
      template: { metadata: { labels: servingLabels(name, engine) }, spec: servingPodSpec({ serviceAccountName: name }, container) },
    },
  });
}

/** `LeaderWorkerSet llm-serving/<name>`: groups of two, leader and worker labelled as llmfleet labels them. */
export function servingLeaderWorkerSet(name = "qwen-72b"): PolicyResource {
  const pod = (role: PodRole): Props => ({ metadata: { labels: servingLabels(name, "vllm", role) }, spec: servingPodSpec({ serviceAccountName: name }) });
  return customResource("leaderworkerset.x-k8s.io/v1", "LeaderWorkerSet", { name, namespace: NS }, {
    replicas: 1,
    leaderWorkerTemplate: { size: 2, restartPolicy: "RecreateGroupOnPodRestart", leaderTemplate: pod("leader"), workerTemplate: pod("worker") },
  });
}

/** `InferencePool llm-serving/<pool>` selecting `matchLabels` on `port`, with the picker `<pool>-epp`. */
export function inferencePool(pool = "qwen", matchLabels: Record<string, string> = selectorLabels(pool), port = 8000, namespace = NS): PolicyResource {
  return customResource("inference.networking.k8s.io/v1", "InferencePool", { name: pool, namespace }, {
    selector: { matchLabels },
    targetPorts: [{ number: port }],
    endpointPickerRef: { name: `${pool}-epp`, port: { number: 9002 } },
  });
}

export const PICKER_LABELS = {
  "app.kubernetes.io/name": "endpoint-picker",
  "app.kubernetes.io/component": "endpoint-picker",
  "app.kubernetes.io/managed-by": "llmfleet",
  "llmfleet.io/inference-pool": "qwen",
};

/** `Deployment llm-serving/qwen-epp`, the picker of pool qwen, with extra `args` after upstream's. */
export function pickerDeployment(args: readonly string[] = ["--metrics-endpoint-auth=false"], image = PICKER_IMAGE): PolicyResource {
  return k8s("kubernetes:apps/v1:Deployment", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "qwen-epp", namespace: NS, labels: PICKER_LABELS },
    spec: {
      replicas: 1,
      strategy: { type: "Recreate" },
      selector: { matchLabels: PICKER_LABELS },
      template: {
        metadata: { labels: PICKER_LABELS },
        spec: {
          serviceAccountName: "qwen-epp",
          automountServiceAccountToken: true,
          nodeSelector: { "llmfleet.io/pool": "system" },
          containers: [
            {
              name: "epp",
              image,
              args: ["--pool-name", "qwen", "--pool-namespace", NS, "--pool-group", "inference.networking.k8s.io", "--config-file", "/config/default-plugins.yaml", ...args],
              ports: [
                { name: "grpc", containerPort: 9002 },
                { name: "grpc-health", containerPort: 9003 },
                { name: "metrics", containerPort: 9090 },
              ],
              securityContext: { ...SECURE_CONTEXT, readOnlyRootFilesystem: true },
            },
          ],
        },
      },
    },
  });
}

export const PICKER_SERVICE_ACCOUNT = k8s("kubernetes:core/v1:ServiceAccount", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "qwen-epp", namespace: NS }, automountServiceAccountToken: false });

/** The read-only rules of v1.5.0's charts: pods (epplib `_rbac.yaml`) and the inference objects (inferencepool `rbac.yaml`). */
export const PICKER_READ_RULES: readonly Props[] = [
  { apiGroups: [""], resources: ["pods"], verbs: ["get", "watch", "list"] },
  { apiGroups: ["inference.networking.k8s.io"], resources: ["inferencepools"], verbs: ["get", "watch", "list"] },
  { apiGroups: ["inference.networking.x-k8s.io"], resources: ["inferenceobjectives", "inferencemodelrewrites"], verbs: ["get", "watch", "list"] },
];

export function role(rules: readonly Props[] = PICKER_READ_RULES, name = "qwen-epp", kind: "Role" | "ClusterRole" = "Role"): PolicyResource {
  const metadata = kind === "Role" ? { name, namespace: NS } : { name };
  return k8s(`kubernetes:rbac.authorization.k8s.io/v1:${kind}`, { apiVersion: "rbac.authorization.k8s.io/v1", kind, metadata, rules });
}

export function roleBinding(roleName = "qwen-epp", roleKind: "Role" | "ClusterRole" = "Role", kind: "RoleBinding" | "ClusterRoleBinding" = "RoleBinding"): PolicyResource {
  const metadata = kind === "RoleBinding" ? { name: roleName, namespace: NS } : { name: roleName };
  return k8s(`kubernetes:rbac.authorization.k8s.io/v1:${kind}`, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind,
    metadata,
    subjects: [{ kind: "ServiceAccount", name: "qwen-epp", namespace: NS }],
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: roleKind, name: roleName },
  });
}

/** `HTTPRoute llm-serving/qwen` on Gateway istio-system/llmfleet-inference, to the given pools by weight. */
export function httpRoute(pools: readonly { name: string; weight: number }[] = [{ name: "qwen", weight: 100 }]): PolicyResource {
  return customResource("gateway.networking.k8s.io/v1", "HTTPRoute", { name: "qwen", namespace: NS }, {
    parentRefs: [{ name: "llmfleet-inference", namespace: "istio-system" }],
    hostnames: ["qwen.example.com"],
    rules: [{ backendRefs: pools.map((pool) => ({ group: "inference.networking.k8s.io", kind: "InferencePool", name: pool.name, weight: pool.weight })) }],
  });
}

/** A JWT RequestAuthentication attached to the route's Gateway by targetRefs. */
export const GATEWAY_JWT = customResource("security.istio.io/v1", "RequestAuthentication", { name: "llmfleet-inference-jwt", namespace: "istio-system" }, {
  targetRefs: [{ group: "gateway.networking.k8s.io", kind: "Gateway", name: "llmfleet-inference" }],
  jwtRules: [{ issuer: "https://auth.example.com", jwksUri: "https://auth.example.com/.well-known/jwks.json" }],
});

/** The picker, its account and Role, the pool, its serving Deployment and the route: every routing rule passes. */
export function routedStack(): PolicyResource[] {
  return [servingDeployment(), inferencePool(), pickerDeployment(), PICKER_SERVICE_ACCOUNT, role(), roleBinding(), httpRoute()];
}
