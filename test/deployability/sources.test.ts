import { beforeAll, describe, expect, it } from "vitest";
import { deployabilityFindings, type DeployedResource } from "../../src/deployability/index.js";
import { podTemplatesOf } from "../../src/policy/podTemplates.js";
import { planDocument } from "../../src/preview/report.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";

/**
 * The sources rule: with `registry.mirror` set, every image and chart comes from the mirror. The
 * shipped stacks with a mirror added pass it; each way of leaving the mirror fails it.
 */
const MIRROR = "llmfleet.cn-hangzhou.cr.aliyuncs.com/mirror";
const pullSecret = (namespace: string) => ({ kind: "Secret" as const, namespace, name: "acr-pull", createdBy: "kubectl create secret docker-registry acr-pull …" });

async function mirrored(stack: string, extra: Record<string, unknown> = {}): Promise<StackPreview> {
  const file = loadStackFile({ stack });
  const fleet = file.config["llmfleet:fleet"] as Record<string, unknown>;
  const externalObjects = [...((fleet["externalObjects"] as unknown[] | undefined) ?? []), pullSecret("llm-serving")];
  const registry = { mirror: MIRROR, pullSecretName: "acr-pull", ...extra };
  return previewStack({ ...file, config: { ...file.config, "llmfleet:fleet": { ...fleet, registry, externalObjects } } });
}

const previews: Record<string, StackPreview> = {};
beforeAll(async () => {
  previews["prod"] = await mirrored("prod");
  previews["batch"] = await mirrored("batch");
  previews["batch-manifest"] = await mirrored("batch", { mpiOperatorManifest: "ops/mpi-operator-v0.6.0-mirrored.yaml" });
});

function preview(name: string): StackPreview {
  const found = previews[name];
  if (found === undefined) throw new Error(`no preview of ${name}`);
  return found;
}

const context = (p: StackPreview) => ({ declaredPools: [], externalObjects: [pullSecret("llm-serving")], registry: p.registry });
const charts = (resources: readonly DeployedResource[]) => resources.filter((r) => r.type === "kubernetes:helm.sh/v4:Chart");

describe("a stack with a registry mirror", () => {
  it("prod: pulls every image and chart from the mirror, 0 deployability and 0 policy findings", () => {
    const prod = preview("prod");
    expect(prod.deployabilityFindings).toEqual([]);
    expect(prod.policyFindings).toEqual([]);
    const images = prod.resources.flatMap((r) => podTemplatesOf({ type: r.type, name: r.name, props: r.inputs })).flatMap((t) => (t.spec["containers"] as { image: string }[]).map((c) => c.image));
    expect(images.length).toBeGreaterThan(0);
    expect(images.filter((image) => !image.startsWith(`${MIRROR}/`))).toEqual([]);
    expect(images).toContain(`${MIRROR}/docker.io/vllm/vllm-openai:v0.18.0`);
    expect(charts(prod.resources).map((c) => c.inputs["chart"])).toEqual(expect.arrayContaining([`oci://${MIRROR}/charts/istiod`, `oci://${MIRROR}/charts/kube-prometheus-stack`, `oci://${MIRROR}/charts/lws`]));
  });

  it("gives every pod the pull Secret", () => {
    const templates = preview("prod").resources.flatMap((r) => podTemplatesOf({ type: r.type, name: r.name, props: r.inputs }));
    expect(templates.map((t) => t.spec["imagePullSecrets"])).toEqual(templates.map(() => [{ name: "acr-pull" }]));
  });

  it("lists what to copy in plan.json: the engines', Istio's and the charts' images, and the charts as OCI", () => {
    const mirror = planDocument(preview("prod"))["mirror"] as { registry: string; images: { source: string; mirror: string }[]; charts: { chart: string; mirror: string }[] };
    expect(mirror.registry).toBe(MIRROR);
    expect(mirror.images).toEqual(
      expect.arrayContaining([
        { source: "docker.io/vllm/vllm-openai:v0.18.0", tagFromChart: null, mirror: `${MIRROR}/docker.io/vllm/vllm-openai:v0.18.0` },
        { source: "docker.io/istio/proxyv2:1.29.2", tagFromChart: null, mirror: `${MIRROR}/docker.io/istio/proxyv2:1.29.2` },
        { source: "registry.k8s.io/lws/lws:v0.7.0", tagFromChart: null, mirror: `${MIRROR}/registry.k8s.io/lws/lws:v0.7.0` },
        { source: "quay.io/prometheus/prometheus", tagFromChart: "kube-prometheus-stack 90.0.0", mirror: `${MIRROR}/quay.io/prometheus/prometheus` },
        { source: "nvcr.io/nvidia/k8s/dcgm-exporter", tagFromChart: "dcgm-exporter 4.8.3", mirror: `${MIRROR}/nvcr.io/nvidia/k8s/dcgm-exporter` },
      ]),
    );
    expect(mirror.charts.map((c) => c.mirror).sort()).toEqual(["base", "dcgm-exporter", "gateway", "istiod", "kube-prometheus-stack", "lws"].map((c) => `oci://${MIRROR}/charts/${c}`));
  });
});

describe("sources findings", () => {
  it("an image from elsewhere fails, naming the pod, the image and where to copy it", () => {
    const prod = preview("prod");
    const public_ = prod.resources.map((r) =>
      r.name === "llmfleet-qwen72b-deployment" ? JSON.parse(JSON.stringify(r).replaceAll(`${MIRROR}/docker.io/vllm/vllm-openai`, "vllm/vllm-openai")) as DeployedResource : r,
    );
    const findings = deployabilityFindings(public_, context(prod)).filter((f) => f.rule === "sources");
    // The node-cache init container runs the engine's image too, and is found first.
    expect(findings).toEqual([
      {
        rule: "sources",
        resource: "llmfleet-qwen72b-deployment",
        message: expect.stringMatching(new RegExp(`^Deployment llm-serving/qwen72b init container "cache-weights" pulls vllm/vllm-openai:v0\\.18\\.0: it is not on the mirror`)),
      },
      {
        rule: "sources",
        resource: "llmfleet-qwen72b-deployment",
        message: expect.stringMatching(new RegExp(`^Deployment llm-serving/qwen72b container "vllm" pulls vllm/vllm-openai:v0\\.18\\.0: it is not on the mirror .*Fix: copy it to ${MIRROR}/docker\\.io/vllm/vllm-openai:v0\\.18\\.0`)),
      },
    ]);
  });

  it("a chart from its public repository, or one of its images left on its default, fails with the key to set", () => {
    const prod = preview("prod");
    const changed = prod.resources.map((r) => {
      if (r.type !== "kubernetes:helm.sh/v4:Chart") return r;
      if (r.inputs["chart"] === `oci://${MIRROR}/charts/istiod`) return { ...r, inputs: { ...r.inputs, chart: "istiod", repositoryOpts: { repo: "https://istio-release.storage.googleapis.com/charts" } } };
      if (r.inputs["chart"] !== `oci://${MIRROR}/charts/kube-prometheus-stack`) return r;
      const values = r.inputs["values"] as Record<string, Record<string, unknown>>;
      return { ...r, inputs: { ...r.inputs, values: { ...values, grafana: { ...values["grafana"], image: {} } } } };
    });
    const messages = deployabilityFindings(changed, context(prod)).filter((f) => f.rule === "sources").map((f) => f.message);
    expect(messages).toEqual([
      expect.stringMatching(/^chart istiod comes from https:\/\/istio-release\.storage\.googleapis\.com\/charts: .*helm push istiod-<version>\.tgz oci:\/\/llmfleet\.cn-hangzhou\.cr\.aliyuncs\.com\/mirror\/charts/),
      `chart oci://${MIRROR}/charts/kube-prometheus-stack pulls docker.io/grafana/grafana (values grafana.image.registry = the chart's default): it is not on the mirror ${MIRROR}. Fix: set grafana.image.registry to ${MIRROR}/docker.io and copy the image there`,
    ]);
  });

  it("batch: the mpi-operator release manifest from GitHub fails until registry.mpiOperatorManifest names a mirrored copy", () => {
    expect(preview("batch").deployabilityFindings).toEqual([
      expect.objectContaining({ rule: "sources", resource: "llmfleet-operators-mpi-operator", message: expect.stringMatching(/runs docker\.io\/mpioperator\/mpi-operator:0\.6\.0: .*set registry\.mpiOperatorManifest/) }),
    ]);
    expect(preview("batch-manifest").deployabilityFindings).toEqual([]);
    expect(preview("batch-manifest").resources.find((r) => r.type === "kubernetes:yaml/v2:ConfigFile")?.inputs["file"]).toBe("ops/mpi-operator-v0.6.0-mirrored.yaml");
  });

  it("without a mirror, the rule has nothing to say", () => {
    const prod = preview("prod");
    expect(deployabilityFindings(prod.resources, { ...context(prod), registry: undefined }).filter((f) => f.rule === "sources")).toEqual([]);
  });
});
