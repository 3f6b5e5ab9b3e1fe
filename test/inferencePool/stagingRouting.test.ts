import { beforeAll, describe, expect, it } from "vitest";
import { deployabilityFindings } from "../../src/deployability/index.js";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { validateManifests } from "../../src/k8s/validate.js";
import { inferencePoolRoutes } from "../../src/preview/inferencePools.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { stagingWithRouting } from "../support/routingStacks.js";

/** The shipped staging stack routes its 90/10 canary through two InferencePools (routing: inference-pool). */
let staging: StackPreview;
let stagingMesh: StackPreview;

beforeAll(async () => {
  // One at a time: a preview runs in Pulumi's process-wide mock session.
  staging = await previewStack(loadStackFile({ stack: "staging" }));
  stagingMesh = await previewStack(stagingWithRouting("mesh"));
});

function objects(preview: StackPreview, kind: string): KubernetesObject[] {
  return preview.manifests.objects.filter((candidate) => candidate.kind === kind);
}

function object(preview: StackPreview, kind: string, name: string): KubernetesObject {
  const found = objects(preview, kind).find((candidate) => candidate.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
}

interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: Record<string, unknown> & { containers: { name: string; image: string; args?: string[]; env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[]; securityContext?: unknown }[] };
}

function template(preview: StackPreview, deployment: string): PodTemplate {
  return (object(preview, "Deployment", deployment).spec as { template: PodTemplate }).template;
}

function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

describe("staging's inference-pool route", () => {
  it("gives each deployment a pool that selects exactly its own serving pods on the engine port", () => {
    for (const [pool, other] of [
      ["qwen32b-v1", "qwen32b-v2"],
      ["qwen32b-v2", "qwen32b-v1"],
    ] as const) {
      const spec = object(staging, "InferencePool", pool).spec as { selector: { matchLabels: Record<string, string> }; targetPorts: { number: number }[]; endpointPickerRef: unknown };
      expect(spec.selector.matchLabels).toEqual({ "app.kubernetes.io/name": pool, "app.kubernetes.io/component": "inference" });
      expect(selects(spec.selector.matchLabels, template(staging, pool).metadata.labels)).toBe(true);
      expect(selects(spec.selector.matchLabels, template(staging, other).metadata.labels)).toBe(false);
      // No picker pod is an endpoint of its own pool.
      expect(selects(spec.selector.matchLabels, template(staging, `${pool}-epp`).metadata.labels)).toBe(false);
      expect(spec.targetPorts).toEqual([{ number: 8000 }]);
      expect(spec.endpointPickerRef).toEqual({ name: `${pool}-epp`, port: { number: 9002 }, failureMode: "FailClose" });
    }
  });

  it("splits the canary 90/10 as HTTPRoute backend weights across the two pools, on the OpenAI paths only", () => {
    const route = object(staging, "HTTPRoute", "qwen32b").spec as { hostnames: string[]; rules: { matches: { path: { value: string } }[]; backendRefs: unknown[]; timeouts: unknown }[] };
    expect(route.hostnames).toEqual(["qwen32b.staging.llmfleet.example.com"]);
    expect(route.rules).toHaveLength(1);
    expect(route.rules[0]?.backendRefs).toEqual([
      { group: "inference.networking.k8s.io", kind: "InferencePool", name: "qwen32b-v1", weight: 90 },
      { group: "inference.networking.k8s.io", kind: "InferencePool", name: "qwen32b-v2", weight: 10 },
    ]);
    expect(route.rules[0]?.matches.map((match) => match.path.value)).toEqual(["/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models"]);
    expect(route.rules[0]?.timeouts).toEqual({ request: "660s" });
  });

  it("serves TLS from the route's certificate Secret and redirects plain HTTP", () => {
    const gateway = object(staging, "Gateway", "qwen32b-inference");
    expect(gateway.metadata.namespace).toBe("istio-system");
    expect(gateway.spec).toMatchObject({
      gatewayClassName: "istio",
      listeners: [
        { name: "http-0", port: 80, protocol: "HTTP" },
        { name: "https-0", port: 443, protocol: "HTTPS", tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: "llmfleet-staging-tls" }] } },
      ],
    });
    expect(object(staging, "HTTPRoute", "qwen32b-https-redirect").spec).toMatchObject({ rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https" } }] }] });
  });

  it("keeps the key check: both versions read the route's one key, and the route's own gateway refuses requests without one", () => {
    for (const deployment of ["qwen32b-v1", "qwen32b-v2"]) {
      const env = template(staging, deployment).spec.containers.flatMap((container) => container.env ?? []);
      expect(env.find((variable) => variable.name === "VLLM_API_KEY")?.valueFrom?.secretKeyRef).toEqual({ name: "route-qwen32b-api-key", key: "api-key" });
    }
    const requireKey = object(staging, "AuthorizationPolicy", "qwen32b-require-api-key");
    expect(requireKey.spec).toMatchObject({
      selector: { matchLabels: { "gateway.networking.k8s.io/gateway-name": "qwen32b-inference" } },
      action: "DENY",
      rules: [{ when: [{ key: "request.headers[authorization]", notValues: ["Bearer *"] }] }],
    });
    // The engines accept the OpenAI paths from that gateway's identity (istiod names it <gateway>-istio).
    expect(JSON.stringify(object(staging, "AuthorizationPolicy", "qwen32b-openai").spec)).toContain("cluster.local/ns/istio-system/sa/qwen32b-inference-istio");
  });

  it("runs one hardened, pinned endpoint picker per pool with upstream's scorers and weights", () => {
    const picker = template(staging, "qwen32b-v1-epp");
    const container = picker.spec.containers[0];
    expect(container?.name).toBe("epp");
    expect(container?.image).toBe("registry.k8s.io/gateway-api-inference-extension/epp:v1.5.0");
    const args = container?.args ?? [];
    expect(args.slice(args.indexOf("--pool-name"), args.indexOf("--pool-name") + 4)).toEqual(["--pool-name", "qwen32b-v1", "--pool-namespace", "llm-serving"]);
    expect(args).toEqual(expect.arrayContaining(["--metrics-endpoint-auth=false", "--secure-serving=false", "--ha-enable-leader-election"]));
    const config = args[args.indexOf("--config-text") + 1] ?? "";
    expect(config).toContain("kind: EndpointPickerConfig");
    for (const [scorer, weight] of [["prefix-cache-scorer", 3], ["kv-cache-utilization-scorer", 2], ["queue-scorer", 2]] as const) {
      expect(config).toMatch(new RegExp(`pluginRef: ${scorer}\\n\\s+weight: ${weight}`));
    }
    expect(container?.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } });
    expect(picker.metadata.labels).toMatchObject({ "app.kubernetes.io/name": "endpoint-picker", "app.kubernetes.io/component": "endpoint-picker", "llmfleet.io/inference-pool": "qwen32b-v1" });
    expect(object(staging, "PodDisruptionBudget", "qwen32b-v1-epp").spec).toMatchObject({ minAvailable: 1 });
  });

  it("admits 9002 from the route's gateway pods and 9090 from Prometheus only, with read-only RBAC", () => {
    const policy = object(staging, "NetworkPolicy", "qwen32b-v1-epp").spec as { ingress: { from: unknown[]; ports: { port: number }[] }[] };
    expect(policy.ingress[0]).toEqual({
      from: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } }, podSelector: { matchLabels: { "gateway.networking.k8s.io/gateway-name": "qwen32b-inference" } } }],
      ports: [{ protocol: "TCP", port: 9002 }],
    });
    expect(policy.ingress[1]?.from).toEqual([{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } }, podSelector: { matchLabels: { "app.kubernetes.io/name": "prometheus", "app.kubernetes.io/managed-by": "prometheus-operator" } } }]);
    expect(policy.ingress[1]?.ports.map((port) => port.port)).toContain(9090);
    const role = object(staging, "Role", "qwen32b-v1-epp") as KubernetesObject & { rules: { verbs: string[] }[] };
    expect(new Set(role.rules.flatMap((rule) => rule.verbs))).toEqual(new Set(["get", "watch", "list"]));
    expect(objects(staging, "ClusterRole")).toEqual([]);
  });

  it("opens each pool's engine port to the route's gateway and the pool's picker only, and lets the picker read /metrics through the mesh", () => {
    expect(object(staging, "NetworkPolicy", "qwen32b-v1-inference-pool").spec).toEqual({
      podSelector: { matchLabels: { "app.kubernetes.io/name": "qwen32b-v1", "app.kubernetes.io/component": "inference" } },
      policyTypes: ["Ingress"],
      ingress: [
        {
          from: [
            { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } }, podSelector: { matchLabels: { "gateway.networking.k8s.io/gateway-name": "qwen32b-inference" } } },
            { podSelector: { matchLabels: { "app.kubernetes.io/name": "endpoint-picker", "app.kubernetes.io/component": "endpoint-picker", "app.kubernetes.io/managed-by": "llmfleet", "llmfleet.io/inference-pool": "qwen32b-v1" } } },
          ],
          ports: [{ protocol: "TCP", port: 8000 }],
        },
      ],
    });
    expect(object(staging, "AuthorizationPolicy", "qwen32b-v1-inference-pool").spec).toMatchObject({
      action: "ALLOW",
      rules: [{ from: [{ source: { principals: ["cluster.local/ns/llm-serving/sa/qwen32b-v1-epp"] } }], to: [{ operation: { methods: ["GET"], paths: ["/metrics"] } }] }],
    });
    expect(object(staging, "AuthorizationPolicy", "qwen32b-v1-epp").spec).toMatchObject({
      rules: [
        { from: [{ source: { principals: ["cluster.local/ns/istio-system/sa/qwen32b-inference-istio"] } }], to: [{ operation: { ports: ["9002"] } }] },
        { from: [{ source: { principals: ["cluster.local/ns/monitoring/sa/kube-prometheus-stack-prometheus"] } }], to: [{ operation: { ports: ["9090"], paths: ["/metrics"] } }] },
      ],
    });
  });

  it("installs the Gateway API and Inference Extension CRDs before their objects, and the preview sees it", () => {
    expect(staging.deployabilityFindings).toEqual([]);
    const crds = staging.resources.filter((resource) => resource.type === "kubernetes:yaml/v2:ConfigFile").map((resource) => resource.inputs["file"]);
    expect(crds).toEqual([
      "https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.4.0/standard-install.yaml",
      "https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v1.5.0/manifests.yaml",
    ]);
    // Without them, every Gateway API object and every InferencePool is applied before its CRD exists.
    const withoutCrds = staging.resources.filter((resource) => resource.type !== "kubernetes:yaml/v2:ConfigFile");
    const missing = deployabilityFindings(withoutCrds).filter((found) => found.rule === "apply-order");
    expect(missing.map((found) => found.resource).sort()).toEqual(
      [
        "llmfleet-inference-gateway-gateway-istio-system-qwen32b-inference",
        "llmfleet-inference-gateway-httproute-llm-serving-qwen32b",
        "llmfleet-inference-gateway-httproute-llm-serving-qwen32b-https-redirect",
        "llmfleet-inference-gateway-inferencepool-llm-serving-qwen32b-v1",
        "llmfleet-inference-gateway-inferencepool-llm-serving-qwen32b-v2",
      ].sort(),
    );
  });

  it("turns on istiod's inference extension only for the inference-pool mode", () => {
    const istiodEnv = (preview: StackPreview) => {
      const istiod = preview.resources.find((resource) => resource.type === "kubernetes:helm.sh/v4:Chart" && resource.name.endsWith("istiod"));
      return (istiod?.inputs["values"] as { env?: Record<string, string> } | undefined)?.env;
    };
    expect(istiodEnv(staging)).toEqual({ ENABLE_GATEWAY_API_INFERENCE_EXTENSION: "true" });
    expect(istiodEnv(stagingMesh)).toBeUndefined();
  });

  it("switches modes with the one routing key: mesh renders the VirtualService and no Gateway API object", () => {
    expect(objects(stagingMesh, "VirtualService").map((o) => o.metadata.name)).toEqual(["qwen32b"]);
    expect(objects(stagingMesh, "HTTPRoute")).toEqual([]);
    expect(objects(stagingMesh, "InferencePool")).toEqual([]);
    expect(objects(staging, "VirtualService")).toEqual([]);
    expect(objects(staging, "DestinationRule")).toEqual([]);
  });

  it("validates every object it adds against its upstream schema", async () => {
    const added = staging.manifests.objects.filter((o) => ["InferencePool", "HTTPRoute", "Gateway"].includes(o.kind) || o.metadata.name.includes("-epp") || o.metadata.name.endsWith("-inference-pool"));
    expect(added.length).toBeGreaterThan(20);
    expect(await validateManifests(added)).toEqual([]);
  });

  it("reports, per route, which endpoints each pool selects", () => {
    expect(inferencePoolRoutes(staging.resources)).toEqual([
      {
        route: "llm-serving/qwen32b",
        hosts: ["qwen32b.staging.llmfleet.example.com"],
        gateway: "istio-system/qwen32b-inference",
        backends: [
          {
            pool: "llm-serving/qwen32b-v1",
            weight: 90,
            selector: { "app.kubernetes.io/name": "qwen32b-v1", "app.kubernetes.io/component": "inference" },
            targetPorts: [8000],
            picker: "qwen32b-v1-epp:9002",
            workloads: [{ workload: "Deployment llm-serving/qwen32b-v1", replicas: 2, leadersOnly: false }],
          },
          {
            pool: "llm-serving/qwen32b-v2",
            weight: 10,
            selector: { "app.kubernetes.io/name": "qwen32b-v2", "app.kubernetes.io/component": "inference" },
            targetPorts: [8000],
            picker: "qwen32b-v2-epp:9002",
            workloads: [{ workload: "Deployment llm-serving/qwen32b-v2", replicas: 1, leadersOnly: false }],
          },
        ],
      },
    ]);
    expect(inferencePoolRoutes(stagingMesh.resources)).toEqual([]);
  });
});

describe("staging's endpoint pickers are monitored", () => {
  it("hands every pool's picker to Monitoring: one PodMonitor keeps exactly the two pools, over Istio mTLS for the injected pickers", () => {
    const monitor = object(staging, "PodMonitor", "llmfleet-endpoint-pickers").spec as {
      podMetricsEndpoints: { scheme?: string; relabelings: { action: string; regex?: string }[] }[];
    };
    const keep = monitor.podMetricsEndpoints.map((endpoint) => endpoint.relabelings.find((rule) => rule.action === "keep")?.regex);
    expect(new Set(keep)).toEqual(new Set(["llm-serving/qwen32b-v1|llm-serving/qwen32b-v2"]));
    expect(monitor.podMetricsEndpoints.map((endpoint) => endpoint.scheme)).toEqual(["https", undefined]);
    const picker = (object(staging, "Deployment", "qwen32b-v1-epp").spec as { template: { metadata: { annotations?: Record<string, string> } } }).template;
    expect(picker.metadata.annotations).toEqual({ "prometheus.io/scrape": "true", "prometheus.io/port": "9090", "prometheus.io/path": "/metrics" });
  });

  it("emits no picker monitor when the route goes back to the mesh", () => {
    expect(objects(stagingMesh, "PodMonitor").map((monitor) => monitor.metadata.name)).not.toContain("llmfleet-endpoint-pickers");
  });
});
