import { beforeAll, describe, expect, it } from "vitest";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile, type StackFile } from "../../src/preview/stackFile.js";
import { parseFleet } from "../../src/stack/index.js";
import { stagingWithRouting } from "../support/routingStacks.js";

/** The shipped stacks' routes reach every deployment behind them: the canary, the backup, with one key. */
let prod: StackPreview;
let staging: StackPreview;

beforeAll(async () => {
  // One at a time: a preview runs in Pulumi's process-wide mock session.
  prod = await previewStack(loadStackFile({ stack: "prod" }));
  // The mesh mode's canary; staging ships with routing: inference-pool (test/inferencePool).
  staging = await previewStack(stagingWithRouting("mesh"));
});

function object(preview: StackPreview, kind: string, name: string): KubernetesObject {
  const found = preview.manifests.objects.find((candidate) => candidate.kind === kind && candidate.metadata.name === name);
  if (found === undefined) throw new Error(`no ${kind} ${name}`);
  return found;
}

interface PodTemplate {
  metadata: { labels: Record<string, string> };
  spec: { containers: { env?: { name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[] }[] };
}

function podTemplate(preview: StackPreview, deployment: string): PodTemplate {
  return (object(preview, "Deployment", deployment).spec as { template: PodTemplate }).template;
}

function apiKeyRef(preview: StackPreview, deployment: string): unknown {
  const env = podTemplate(preview, deployment).spec.containers.flatMap((container) => container.env ?? []);
  return env.find((variable) => variable.name === "VLLM_API_KEY")?.valueFrom?.secretKeyRef;
}

/** The names of the subsets of a DestinationRule whose labels select a pod with these labels. */
function subsetsSelecting(rule: KubernetesObject, labels: Record<string, string>): string[] {
  const subsets = (rule.spec as { subsets: { name: string; labels: Record<string, string> }[] }).subsets;
  return subsets.filter((subset) => Object.entries(subset.labels).every(([key, value]) => labels[key] === value)).map((subset) => subset.name);
}

describe("prod: the backup is a lower-priority endpoint of the route it backs up", () => {
  it("puts the backup's pods and the primary's in subset v1, the primary's first", () => {
    const rule = object(prod, "DestinationRule", "qwen72b");
    expect(subsetsSelecting(rule, podTemplate(prod, "qwen72b").metadata.labels)).toEqual(["v1"]);
    expect(subsetsSelecting(rule, podTemplate(prod, "qwen72b-backup").metadata.labels)).toEqual(["v1"]);
    expect(rule.spec).toMatchObject({ subsets: [{ name: "v1", trafficPolicy: { loadBalancer: { localityLbSetting: { failoverPriority: ["llmfleet.io/version=v1"] } } } }] });
    expect(podTemplate(prod, "qwen72b").metadata.labels["llmfleet.io/version"]).toBe("v1");
    expect(podTemplate(prod, "qwen72b-backup").metadata.labels["llmfleet.io/version"]).toBe("backup");
  });

  it("gives the primary and the backup the route's one key", () => {
    expect(apiKeyRef(prod, "qwen72b")).toEqual({ name: "route-qwen72b-api-key", key: "api-key" });
    expect(apiKeyRef(prod, "qwen72b-backup")).toEqual({ name: "route-qwen72b-api-key", key: "api-key" });
    const secrets = prod.manifests.objects.filter((candidate) => candidate.kind === "Secret" && candidate.metadata.name.endsWith("api-key"));
    expect(secrets.map((secret) => secret.metadata.name).sort()).toEqual(["route-deepseek-api-key", "route-qwen72b-api-key"]);
  });

  it("keeps the primary's generated key through aliases, so its clients keep working", () => {
    const key = prod.resources.find((resource) => resource.name === "llmfleet-route-qwen72b-api-key" && resource.type === "random:index/randomPassword:RandomPassword");
    expect(key?.aliasUrns).toContain("urn:pulumi:prod::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:InferenceDeployment$random:index/randomPassword:RandomPassword::llmfleet-qwen72b-api-key");
  });
});

describe("staging with routing: mesh: the canary share reaches v2 with the same key", () => {
  it("splits 90/10 between subsets that each select one version's pods", () => {
    const route = (object(staging, "VirtualService", "qwen32b").spec as { http: { route: { destination: { subset: string }; weight: number }[] }[] }).http[0]?.route;
    expect(route?.map((destination) => [destination.destination.subset, destination.weight])).toEqual([
      ["v1", 90],
      ["v2", 10],
    ]);
    const rule = object(staging, "DestinationRule", "qwen32b");
    expect(subsetsSelecting(rule, podTemplate(staging, "qwen32b-v1").metadata.labels)).toEqual(["v1"]);
    expect(subsetsSelecting(rule, podTemplate(staging, "qwen32b-v2").metadata.labels)).toEqual(["v2"]);
  });

  it("gives both versions the route's one key", () => {
    expect(apiKeyRef(staging, "qwen32b-v1")).toEqual({ name: "route-qwen32b-api-key", key: "api-key" });
    expect(apiKeyRef(staging, "qwen32b-v2")).toEqual({ name: "route-qwen32b-api-key", key: "api-key" });
  });
});

describe("TLS certificates from a stack setting", () => {
  /** Staging with its route's certificate given as secret config instead of an external Secret. */
  function stagingWithTls(values: Record<string, string>): StackFile {
    const file = loadStackFile({ stack: "staging" });
    const fleet = structuredClone(file.config["llmfleet:fleet"]) as { routes: Record<string, unknown>[]; externalObjects?: unknown };
    delete fleet.externalObjects;
    fleet.routes = fleet.routes.map((route) => ({ ...route, tls: { certificateConfigKey: "stagingTlsCertificate", privateKeyConfigKey: "stagingTlsKey" } }));
    return { ...file, config: { ...file.config, "llmfleet:fleet": fleet, ...values } };
  }

  it("creates the kubernetes.io/tls Secret the gateway names, in istio-system, with the values kept secret", async () => {
    const preview = await previewStack(stagingWithTls({ "llmfleet:stagingTlsCertificate": "-----BEGIN CERTIFICATE-----", "llmfleet:stagingTlsKey": "-----BEGIN PRIVATE KEY-----" }));
    const secret = object(preview, "Secret", "llmfleet-staging-tls");
    expect(secret.metadata.namespace).toBe("istio-system");
    expect(secret).toMatchObject({ type: "kubernetes.io/tls" });
    expect(JSON.stringify(preview.manifests.objects)).not.toContain("BEGIN PRIVATE KEY");
    expect(preview.deployabilityFindings.filter((finding) => finding.rule === "references")).toEqual([]);
  });

  it("refuses a missing config key with the command that sets it", async () => {
    await expect(previewStack(stagingWithTls({ "llmfleet:stagingTlsCertificate": "-----BEGIN CERTIFICATE-----" }))).rejects.toThrow(
      /llmfleet:fleet\.routes\[0\]\.tls\.privateKeyConfigKey.*pulumi config set --secret llmfleet:stagingTlsKey/s,
    );
  });

  it("refuses creating a Secret that externalObjects says is created outside the stack", () => {
    const fleet = structuredClone(loadStackFile({ stack: "staging" }).config["llmfleet:fleet"]) as { routes: Record<string, unknown>[] };
    fleet.routes = fleet.routes.map((route) => ({ ...route, tls: { certificateConfigKey: "stagingTlsCertificate", privateKeyConfigKey: "stagingTlsKey" } }));
    expect(() => parseFleet(fleet)).toThrow(/llmfleet:fleet\.routes\[0\]\.tls.*externalObjects declares Secret istio-system\/llmfleet-staging-tls/);
  });
});

describe("one API key per route", () => {
  it("refuses deployments of one route that name different key Secrets", () => {
    const fleet = structuredClone(loadStackFile({ stack: "staging" }).config["llmfleet:fleet"]) as { deployments: Record<string, unknown>[] };
    fleet.deployments = fleet.deployments.map((deployment, index) => (index === 0 ? { ...deployment, apiKeySecretName: "qwen-key" } : deployment));
    expect(() => parseFleet(fleet)).toThrow(/llmfleet:fleet\.routes\[0\]\.deployments.*share one API key.*same apiKeySecretName/s);
  });
});
