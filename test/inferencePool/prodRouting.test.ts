import { beforeAll, describe, expect, it } from "vitest";
import { deployabilityFindings } from "../../src/deployability/index.js";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { validateManifests } from "../../src/k8s/validate.js";
import { inferencePoolRoutes } from "../../src/preview/inferencePools.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { prodWithDeepseekRouting } from "../support/routingStacks.js";

/** The shipped prod stack routes deepseek (one multi-node deepseek-v3 group) through an InferencePool on istiod. */
let prod: StackPreview;
let prodMesh: StackPreview;

beforeAll(async () => {
  // One at a time: a preview runs in Pulumi's process-wide mock session.
  prod = await previewStack(loadStackFile({ stack: "prod" }));
  prodMesh = await previewStack(prodWithDeepseekRouting("mesh"));
});

function objects(preview: StackPreview, kind: string): KubernetesObject[] {
  return preview.manifests.objects.filter((candidate) => candidate.kind === kind);
}

function object(preview: StackPreview, kind: string, name: string): KubernetesObject {
  const found = objects(preview, kind).find((candidate) => candidate.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
}

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  securityContext?: unknown;
}

interface PodTemplate {
  metadata: { labels: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown> & { containers: Container[] };
}

function pickerTemplate(preview: StackPreview): PodTemplate {
  return (object(preview, "Deployment", "deepseek-v3-epp").spec as { template: PodTemplate }).template;
}

/** The leader and worker templates of the deepseek-v3 LeaderWorkerSet. */
function groupTemplates(preview: StackPreview): { leader: PodTemplate; worker: PodTemplate } {
  const spec = object(preview, "LeaderWorkerSet", "deepseek-v3-lws").spec as { leaderWorkerTemplate: { leaderTemplate: PodTemplate; workerTemplate: PodTemplate } };
  return { leader: spec.leaderWorkerTemplate.leaderTemplate, worker: spec.leaderWorkerTemplate.workerTemplate };
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

const WORKER_INDEX = "leaderworkerset.sigs.k8s.io/worker-index";
const GATEWAY_PODS = { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } }, podSelector: { matchLabels: { "gateway.networking.k8s.io/gateway-name": "deepseek-inference" } } };
const PICKER_PODS = { podSelector: { matchLabels: { "app.kubernetes.io/name": "endpoint-picker", "app.kubernetes.io/component": "endpoint-picker", "app.kubernetes.io/managed-by": "llmfleet", "llmfleet.io/inference-pool": "deepseek-v3" } } };
const DEEPSEEK_PODS = { podSelector: { matchLabels: { "app.kubernetes.io/name": "deepseek-v3", "app.kubernetes.io/component": "inference" } } };

describe("prod's deepseek route on inference-pool", () => {
  it("gives deepseek-v3 a pool that selects exactly the group's leaders on the engine port", () => {
    const spec = object(prod, "InferencePool", "deepseek-v3").spec as { selector: { matchLabels: Record<string, string> }; targetPorts: { number: number }[]; endpointPickerRef: unknown };
    expect(spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": "deepseek-v3", "app.kubernetes.io/component": "inference", [WORKER_INDEX]: "0" });
    // LeaderWorkerSet labels the leader worker-index 0 and the workers 1..size-1.
    const { leader, worker } = groupTemplates(prod);
    expect(selects(spec.selector.matchLabels, { ...leader.metadata.labels, [WORKER_INDEX]: "0" })).toBe(true);
    expect(selects(spec.selector.matchLabels, { ...worker.metadata.labels, [WORKER_INDEX]: "1" })).toBe(false);
    expect(selects(spec.selector.matchLabels, pickerTemplate(prod).metadata.labels)).toBe(false);
    expect(spec.targetPorts).toEqual([{ number: 8000 }]);
    expect(spec.endpointPickerRef).toEqual({ name: "deepseek-v3-epp", port: { number: 9002 }, failureMode: "FailClose" });
  });

  it("sends the route's OpenAI paths to the one pool in one rule, with the route's 1200 s generations plus a minute", () => {
    const route = object(prod, "HTTPRoute", "deepseek").spec as { hostnames: string[]; rules: { matches: { path: { value: string } }[]; backendRefs: unknown[]; timeouts: unknown }[] };
    expect(route.hostnames).toEqual(["deepseek.llmfleet.example.com"]);
    expect(route.rules).toHaveLength(1);
    expect(route.rules[0]?.backendRefs).toEqual([{ group: "inference.networking.k8s.io", kind: "InferencePool", name: "deepseek-v3", weight: 100 }]);
    expect(route.rules[0]?.matches.map((match) => match.path.value)).toEqual(["/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models"]);
    expect(route.rules[0]?.timeouts).toEqual({ request: "1260s" });
  });

  it("serves TLS from llmfleet-prod-tls and redirects plain HTTP", () => {
    const gateway = object(prod, "Gateway", "deepseek-inference");
    expect(gateway.metadata.namespace).toBe("istio-system");
    expect(gateway.spec).toMatchObject({
      gatewayClassName: "istio",
      listeners: [
        { name: "http-0", port: 80, protocol: "HTTP", hostname: "deepseek.llmfleet.example.com" },
        { name: "https-0", port: 443, protocol: "HTTPS", tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "llmfleet-prod-tls" }] } },
      ],
    });
    expect(object(prod, "HTTPRoute", "deepseek-https-redirect").spec).toMatchObject({
      parentRefs: [{ name: "deepseek-inference", sectionName: "http-0" }],
      rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    });
  });

  it("keeps the key check: the engine reads the route's one key, and the route's own gateway refuses requests without one", () => {
    const env = groupTemplates(prod).leader.spec.containers.flatMap((container) => container.env ?? []);
    expect(env.find((variable) => variable.name === "VLLM_API_KEY")?.valueFrom?.secretKeyRef).toEqual({ name: "route-deepseek-api-key", key: "api-key" });
    expect(object(prod, "AuthorizationPolicy", "deepseek-require-api-key").spec).toMatchObject({
      selector: { matchLabels: { "gateway.networking.k8s.io/gateway-name": "deepseek-inference" } },
      action: "DENY",
      rules: [{ when: [{ key: "request.headers[authorization]", notValues: ["Bearer *"] }] }],
    });
  });

  it("runs one hardened, pinned endpoint picker per pool with upstream's scorers and weights, reading the leaders' /metrics on the engine port", () => {
    expect(objects(prod, "Deployment").filter((d) => d.metadata.name.endsWith("-epp")).map((d) => d.metadata.name)).toEqual(["deepseek-v3-epp"]);
    const container = pickerTemplate(prod).spec.containers[0];
    expect(container?.name).toBe("epp");
    expect(container?.image).toBe("registry.k8s.io/gateway-api-inference-extension/epp:v1.5.0");
    const args = container?.args ?? [];
    expect(args.slice(args.indexOf("--pool-name"), args.indexOf("--pool-name") + 4)).toEqual(["--pool-name", "deepseek-v3", "--pool-namespace", "llm-serving"]);
    expect(args).toEqual(expect.arrayContaining(["--metrics-endpoint-auth=false", "--tracing=false", "--enable-pprof=false", "--ha-enable-leader-election"]));
    // Multi-node leaders carry no sidecar: the picker reads the engine's own port, not pilot-agent's.
    expect(args).not.toContain("--model-server-metrics-port");
    const config = args[args.indexOf("--config-text") + 1] ?? "";
    expect(config).toContain("kind: EndpointPickerConfig");
    expect(config).toMatch(/type: metrics-data-source\n\s+parameters:\n\s+scheme: http\n\s+path: \/metrics\n/);
    for (const [scorer, weight] of [["prefix-cache-scorer", 3], ["kv-cache-utilization-scorer", 2], ["queue-scorer", 2]] as const) {
      expect(config).toMatch(new RegExp(`pluginRef: ${scorer}\\n\\s+weight: ${weight}`));
    }
    expect(container?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } });
  });

  it("keeps the picker out of the mesh: no sidecar, its own TLS on 9002, and a DestinationRule that makes the gateway speak it", () => {
    expect(pickerTemplate(prod).metadata.labels).toMatchObject({ "app.kubernetes.io/component": "endpoint-picker", "llmfleet.io/inference-pool": "deepseek-v3", "sidecar.istio.io/inject": "false" });
    expect(pickerTemplate(prod).metadata.annotations).toBeUndefined();
    // Upstream's default --secure-serving: no flag turns it off.
    expect((pickerTemplate(prod).spec.containers[0]?.args ?? []).filter((arg) => arg.startsWith("--secure-serving"))).toEqual([]);
    const rule = object(prod, "DestinationRule", "deepseek-v3-epp");
    expect(rule.metadata.labels).toMatchObject({ "app.kubernetes.io/component": "endpoint-picker" });
    expect(rule.spec).toEqual({ host: "deepseek-v3-epp.llm-serving.svc.cluster.local", trafficPolicy: { tls: { mode: "SIMPLE", insecureSkipVerify: true } } });
    expect(objects(prod, "AuthorizationPolicy").map((policy) => policy.metadata.name).filter((name) => name.includes("epp") || name.endsWith("inference-pool"))).toEqual([]);
  });

  it("does not await the never-Ready standby picker and lets drains evict either replica (no PodDisruptionBudget)", () => {
    const picker = object(prod, "Deployment", "deepseek-v3-epp");
    expect(picker.metadata.annotations).toEqual({ "pulumi.com/skipAwait": "true" });
    expect(picker.spec).toMatchObject({ replicas: 2, strategy: { type: "Recreate" } });
    expect(objects(prod, "PodDisruptionBudget").map((budget) => budget.metadata.name)).not.toContain("deepseek-v3-epp");
  });

  it("admits 9002 from the route's gateway pods and 9090 from Prometheus only, lets the picker reach the leaders' engine port, DNS and the API server, with read-only RBAC", () => {
    expect(object(prod, "NetworkPolicy", "deepseek-v3-epp").spec).toEqual({
      podSelector: PICKER_PODS.podSelector,
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        { from: [GATEWAY_PODS], ports: [{ protocol: "TCP", port: 9002 }] },
        {
          from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/managed-by": "prometheus-operator" } } }],
          ports: [{ protocol: "TCP", port: 9090 }],
        },
      ],
      egress: [
        { to: [DEEPSEEK_PODS], ports: [{ protocol: "TCP", port: 8000 }] },
        { to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }], ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] },
        { ports: [{ protocol: "TCP", port: 443 }, { protocol: "TCP", port: 6443 }] },
      ],
    });
    const role = object(prod, "Role", "deepseek-v3-epp") as KubernetesObject & { rules: { verbs: string[] }[] };
    expect(new Set(role.rules.flatMap((rule) => rule.verbs))).toEqual(new Set(["get", "watch", "list"]));
    expect(objects(prod, "ClusterRole")).toEqual([]);
  });

  it("opens the group's engine port to the route's gateway and, for metrics, to the pool's picker only", () => {
    expect(object(prod, "NetworkPolicy", "deepseek-v3-inference-pool").spec).toEqual({
      podSelector: DEEPSEEK_PODS.podSelector,
      policyTypes: ["Ingress"],
      ingress: [
        { from: [GATEWAY_PODS], ports: [{ protocol: "TCP", port: 8000 }] },
        { from: [PICKER_PODS], ports: [{ protocol: "TCP", port: 8000 }] },
      ],
    });
  });

  it("does not admit the shared mesh ingress gateway to the engine: only the route's own gateway reaches it, past the route's key DENY", () => {
    const ingress = (object(prod, "NetworkPolicy", "deepseek-v3").spec as { ingress: { from?: { podSelector?: { matchLabels?: Record<string, string> } }[] }[] }).ingress;
    const peers = ingress.flatMap((rule) => rule.from ?? []).map((peer) => peer.podSelector?.matchLabels ?? {});
    expect(peers.filter((labels) => labels["istio"] === "ingressgateway")).toEqual([]);
    // qwen72b stays behind the shared gateway (routing: mesh).
    const qwen = (object(prod, "NetworkPolicy", "qwen72b").spec as { ingress: { from?: { podSelector?: { matchLabels?: Record<string, string> } }[] }[] }).ingress;
    expect(qwen.flatMap((rule) => rule.from ?? []).some((peer) => peer.podSelector?.matchLabels?.["istio"] === "ingressgateway")).toBe(true);
  });

  it("installs the Gateway API and Inference Extension CRDs before their objects, and the preview sees it", () => {
    expect(prod.deployabilityFindings).toEqual([]);
    const crds = prod.resources.filter((resource) => resource.type === "kubernetes:yaml/v2:ConfigFile").map((resource) => resource.inputs["file"]);
    expect(crds).toEqual([
      "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml",
      "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.5.0/manifests.yaml",
    ]);
    // Without them, every Gateway API object and the InferencePool is applied before its CRD exists.
    const withoutCrds = prod.resources.filter((resource) => resource.type !== "kubernetes:yaml/v2:ConfigFile");
    const missing = deployabilityFindings(withoutCrds).filter((found) => found.rule === "apply-order");
    expect(missing.map((found) => found.resource).sort()).toEqual(
      [
        "llmfleet-inference-gateway-gateway-istio-system-deepseek-inference",
        "llmfleet-inference-gateway-httproute-llm-serving-deepseek",
        "llmfleet-inference-gateway-httproute-llm-serving-deepseek-https-redirect",
        "llmfleet-inference-gateway-inferencepool-llm-serving-deepseek-v3",
      ].sort(),
    );
  });

  it("turns on istiod's inference extension only when some route uses inference-pool", () => {
    const istiodEnv = (preview: StackPreview) => {
      const istiod = preview.resources.find((resource) => resource.type === "kubernetes:helm.sh/v4:Chart" && resource.name.endsWith("istiod"));
      return (istiod?.inputs["values"] as { env?: Record<string, string> } | undefined)?.env;
    };
    expect(istiodEnv(prod)).toEqual({ ENABLE_GATEWAY_API_INFERENCE_EXTENSION: "true" });
    expect(istiodEnv(prodMesh)).toBeUndefined();
  });

  it("switches modes with the one routing key: deepseek on mesh renders its VirtualService and no Gateway API object", () => {
    expect(objects(prodMesh, "VirtualService").map((o) => o.metadata.name).sort()).toEqual(["deepseek", "qwen72b"]);
    expect(prodMesh.manifests.objects.filter((o) => o.apiVersion.startsWith("gateway.networking.k8s.io/") || o.apiVersion.startsWith("inference.networking.k8s.io/"))).toEqual([]);
    expect(objects(prodMesh, "DestinationRule").map((o) => o.metadata.name)).not.toContain("deepseek-v3-epp");
    // On inference-pool, qwen72b keeps its mesh route and deepseek has none.
    expect(objects(prod, "VirtualService").map((o) => o.metadata.name)).toEqual(["qwen72b"]);
    expect(objects(prod, "DestinationRule").map((o) => o.metadata.name).sort()).toEqual(["deepseek-v3-epp", "qwen72b"]);
  });

  it("validates every object it adds against its upstream schema", async () => {
    const added = prod.manifests.objects.filter((o) => ["InferencePool", "HTTPRoute", "Gateway"].includes(o.kind) || o.metadata.name.includes("-epp") || o.metadata.name.endsWith("-inference-pool"));
    expect(added.length).toBeGreaterThan(10);
    expect(await validateManifests(added)).toEqual([]);
  });

  it("reports, per route, which endpoints the pool selects: the group's leaders only", () => {
    expect(inferencePoolRoutes(prod.resources)).toEqual([
      {
        route: "llm-serving/deepseek",
        hosts: ["deepseek.llmfleet.example.com"],
        gateway: "istio-system/deepseek-inference",
        backends: [
          {
            pool: "llm-serving/deepseek-v3",
            weight: 100,
            selector: { "app.kubernetes.io/name": "deepseek-v3", "app.kubernetes.io/component": "inference", [WORKER_INDEX]: "0" },
            targetPorts: [8000],
            picker: "deepseek-v3-epp:9002",
            workloads: [{ workload: "LeaderWorkerSet llm-serving/deepseek-v3-lws leaderTemplate", replicas: 1, leadersOnly: true }],
          },
        ],
      },
    ]);
    expect(inferencePoolRoutes(prodMesh.resources)).toEqual([]);
  });
});

describe("prod's endpoint picker is monitored", () => {
  it("hands the pool's picker to Monitoring: the PodMonitor keeps llm-serving/deepseek-v3, and its plain endpoint reads the pickers, which carry no sidecar", () => {
    const monitor = object(prod, "PodMonitor", "llmfleet-endpoint-pickers").spec as {
      podMetricsEndpoints: { scheme?: string; port: string; relabelings: { action: string; regex?: string; sourceLabels?: string[] }[] }[];
    };
    const keep = monitor.podMetricsEndpoints.map((endpoint) => endpoint.relabelings.find((rule) => rule.action === "keep")?.regex);
    expect(keep).toEqual(["llm-serving/deepseek-v3", "llm-serving/deepseek-v3"]);
    // As for engines: injected pods over Istio mTLS, the others (every picker) in plain HTTP.
    expect(monitor.podMetricsEndpoints.map((endpoint) => endpoint.scheme)).toEqual(["https", undefined]);
    const injected = (endpoint: number) => monitor.podMetricsEndpoints[endpoint]?.relabelings.find((rule) => rule.sourceLabels?.includes("__meta_kubernetes_pod_annotationpresent_sidecar_istio_io_status"))?.action;
    expect([injected(0), injected(1)]).toEqual(["keep", "drop"]);
    expect(monitor.podMetricsEndpoints.map((endpoint) => endpoint.port)).toEqual(["metrics", "metrics"]);
  });

  it("emits no picker monitor when the route goes back to the mesh", () => {
    expect(objects(prodMesh, "PodMonitor").map((monitor) => monitor.metadata.name)).not.toContain("llmfleet-endpoint-pickers");
  });
});
