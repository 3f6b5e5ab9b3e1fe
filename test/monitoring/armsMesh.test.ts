import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { parseFleet } from "../../src/stack/index.js";

/**
 * ARMS's agent scrapes mesh-injected engines through Istio's metrics merging: the dev stack (Istio,
 * one single-node vLLM deployment) with monitoring.mode arms.
 */
let preview: StackPreview;

function devWith(monitoring: Record<string, unknown>, mesh?: Record<string, unknown>) {
  const file = loadStackFile({ stack: "dev" });
  const fleet = structuredClone(file.config["llmfleet:fleet"]) as Record<string, unknown>;
  return { ...file, config: { ...file.config, "llmfleet:fleet": { ...fleet, monitoring, ...(mesh === undefined ? {} : { mesh }) } } };
}

function inputsOf(type: string, name: RegExp): Record<string, unknown> {
  const resource = preview.resources.find((r) => r.type === type && name.test(r.name));
  if (resource === undefined) throw new Error(`no ${type} ${String(name)}`);
  return resource.inputs;
}

beforeAll(async () => {
  preview = await previewStack(devWith({ mode: "arms" }));
});

describe("ARMS monitoring with the Istio mesh", () => {
  it("previews with no mandatory policy finding and no deployability finding", () => {
    expect(preview.deployabilityFindings).toEqual([]);
    expect(preview.policyFindings.filter((f) => f.enforcement === "mandatory")).toEqual([]);
  });

  it("turns Istio's metrics merging on in istiod's mesh configuration", () => {
    const values = inputsOf("kubernetes:helm.sh/v4:Chart", /istiod$/)["values"] as { meshConfig: Record<string, unknown> };
    expect(values.meshConfig["enablePrometheusMerge"]).toBe(true);
  });

  it("annotates the injected engine pods with where their own metrics are, for the injector to hand to pilot-agent", () => {
    const deployment = inputsOf("kubernetes:apps/v1:Deployment", /qwen7b/) as { spec: { template: { metadata: { annotations: Record<string, string> } } } };
    expect(deployment.spec.template.metadata.annotations).toMatchObject({ "prometheus.io/scrape": "true", "prometheus.io/port": "8000", "prometheus.io/path": "/metrics" });
  });

  it("gives ARMS an engine monitor that reads injected pods at the merged endpoint over plain http and drops Envoy's series there", () => {
    const monitor = parse(String(inputsOf("alicloud:arms/prometheusMonitoring:PrometheusMonitoring", /llmfleet-engines$/)["configYaml"])) as {
      spec: { endpoints: { scheme?: string; tlsConfig?: unknown; relabelings: { targetLabel?: string; sourceLabels?: string[] }[]; metricRelabelings?: { regex: string }[] }[] };
    };
    const [injected, plain] = monitor.spec.endpoints;
    expect(injected?.scheme).toBeUndefined();
    expect(injected?.tlsConfig).toBeUndefined();
    expect(injected?.relabelings).toContainEqual(expect.objectContaining({ targetLabel: "__address__", sourceLabels: ["__meta_kubernetes_pod_ip", "__meta_kubernetes_pod_annotation_prometheus_io_port"] }));
    expect(injected?.relabelings).toContainEqual(expect.objectContaining({ targetLabel: "__metrics_path__", sourceLabels: ["__meta_kubernetes_pod_annotation_prometheus_io_path"] }));
    expect(injected?.metricRelabelings).toEqual([{ action: "drop", sourceLabels: ["__name__"], regex: "(envoy|istio)_.*" }]);
    expect(plain?.relabelings).toContainEqual(expect.objectContaining({ action: "drop", regex: "true" }));
  });

  it("admits the ARMS agent's namespace, arms-prom, to the engine's metrics and sidecar ports, and no longer the monitoring namespace", () => {
    const policy = inputsOf("kubernetes:networking.k8s.io/v1:NetworkPolicy", /qwen7b-networkpolicy$/) as {
      spec: { ingress: { from: { namespaceSelector?: { matchLabels: Record<string, string> } }[]; ports: { port: unknown }[] }[] };
    };
    const fromArms = policy.spec.ingress.filter((rule) => rule.from.some((peer) => peer.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"] === "arms-prom"));
    expect(fromArms.flatMap((rule) => rule.ports.map((p) => p.port))).toEqual(["http", 15090, 15020]);
    expect(JSON.stringify(policy.spec.ingress)).not.toContain('"kubernetes.io/metadata.name":"monitoring"');
  });
});

describe("ARMS monitoring with ASM", () => {
  it("is refused with the fix: llmfleet cannot set or check ASM's metrics merging", () => {
    const fleet = devWith({ mode: "arms" }, { mode: "asm" }).config["llmfleet:fleet"];
    expect(() => parseFleet(fleet)).toThrow(/llmfleet:fleet\.monitoring\.mode.*asm mesh's STRICT mTLS only through Istio's metrics merging.*use mesh\.mode: istio/s);
  });
});
