import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { CHART_EXEMPTIONS } from "../../src/policy/chartExemptions.js";
import { isChartRendered } from "../../src/policy/chartObjects.js";
import { ALL_RULES, parsePolicyConfig, policyPackRules, type PackPolicy, type PolicyResource } from "../../src/policy/index.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { renderChart, type ChartRelease } from "./chartRenders.js";

/**
 * The policy pack as CrossGuard runs it under a real `pulumi preview`: every resource the program
 * registers plus every object the Helm charts render, each child under its chart the way the engine
 * presents it, the levels from the stack's generated pack configuration.
 */

/** CrossGuard's own proxy (internal to @pulumi/policy): it throws UnknownValueError on values unknown during preview. */
const crossGuard = (await import("@pulumi/policy/proxy.js")) as unknown as { unknownCheckingProxy: (props: object) => Record<string, unknown> };

interface Reported {
  readonly policy: string;
  readonly level: string;
  readonly message: string;
}

/** Runs each policy at the level the pack config gives it, the way the analyzer calls the pack. */
function runPack(resources: readonly PolicyResource[], levels: Readonly<Record<string, string>>, environment: "dev" | "staging" | "prod"): Reported[] {
  const reported: Reported[] = [];
  const args = resources.map((resource) => ({ type: resource.type, name: resource.name, urn: resource.urn ?? "", props: crossGuard.unknownCheckingProxy({ ...resource.props }) }));
  for (const policy of policyPackRules(parsePolicyConfig({ environment })) as PackPolicy[]) {
    const level = levels[policy.name] ?? policy.enforcementLevel;
    if (level === "disabled") continue;
    const report = (message: string) => reported.push({ policy: policy.name, level, message });
    if ("validateResource" in policy) for (const resource of args) policy.validateResource(resource, report);
    else policy.validateStack({ resources: args }, report);
  }
  return reported;
}

/** The chart releases the program registered, with the values it gave them (secrets in the clear, as the engine holds them). */
function chartReleases(preview: StackPreview): ChartRelease[] {
  return preview.resources
    .filter((resource) => resource.type === "kubernetes:helm.sh/v4:Chart")
    .map((resource) => ({
      urn: resource.urn,
      name: resource.name,
      chart: String(resource.plainInputs["chart"]),
      releaseName: String(resource.plainInputs["name"]),
      namespace: String(resource.plainInputs["namespace"]),
      values: (resource.plainInputs["values"] ?? {}) as Record<string, unknown>,
    }));
}

const STACKS = ["dev", "staging", "prod", "batch"] as const;
const previews = new Map<string, StackPreview>();

beforeAll(async () => {
  for (const stack of STACKS) previews.set(stack, await previewStack(loadStackFile({ stack })));
}, 120_000);

function stackResources(stack: string): { resources: PolicyResource[]; preview: StackPreview } {
  const preview = previews.get(stack);
  if (preview === undefined) throw new Error(`no preview of ${stack}`);
  const own = preview.resources.map((resource): PolicyResource => ({ type: resource.type, name: resource.name, urn: resource.urn, props: resource.plainInputs }));
  return { preview, resources: [...own, ...chartReleases(preview).flatMap(renderChart)] };
}

describe("the policy pack on the shipped stacks with what their charts render", () => {
  it.each(STACKS)("%s: no mandatory violation at the levels of its policy/config file", (stack) => {
    const { preview, resources } = stackResources(stack);
    expect(resources.filter(isChartRendered).length).toBeGreaterThan(20);
    const levels = JSON.parse(readFileSync(new URL(`../../policy/config/${stack}.json`, import.meta.url), "utf8")) as Record<string, string>;
    const mandatory = runPack(resources, levels, preview.environment as "dev" | "staging" | "prod").filter((found) => found.level === "mandatory");
    expect(mandatory).toEqual([]);
  });

  it("reports the dev stack's missing receivers as alerts that go nowhere, read from the rendered Alertmanager Secret", () => {
    const { resources } = stackResources("dev");
    const levels = JSON.parse(readFileSync(new URL("../../policy/config/dev.json", import.meta.url), "utf8")) as Record<string, string>;
    const routed = runPack(resources, levels, "dev").filter((found) => found.policy === "alerts-routed");
    expect(routed).toEqual([{ policy: "alerts-routed", level: "advisory", message: expect.stringMatching(/^Secret monitoring\/alertmanager-kube-prometheus-stack-alertmanager: alerts go nowhere: /) }]);
  });

  it("finds prod's paging route in the rendered configuration", () => {
    const { resources } = stackResources("prod");
    const levels = JSON.parse(readFileSync(new URL("../../policy/config/prod.json", import.meta.url), "utf8")) as Record<string, string>;
    expect(runPack(resources, levels, "prod").filter((found) => found.policy === "alerts-routed")).toEqual([]);
  });
});

describe("chart workloads that must be privileged", () => {
  const hostRules = ALL_RULES.filter((rule) => ["host-namespaces", "no-hostpath", "caps-drop-all", "non-root", "no-privileged"].includes(rule.name));
  const levels = Object.fromEntries(hostRules.map((rule) => [rule.name, "mandatory"]));
  const exporters = (): PolicyResource[] =>
    stackResources("prod").resources.filter((resource) => CHART_EXEMPTIONS.some((exemption) => resource.type === `kubernetes:apps/v1:${exemption.kind}` && resource.name.endsWith(exemption.name)));

  it("would violate the host and privilege rules if the program built them itself", () => {
    const asOwn = exporters().map((resource) => ({ ...resource, urn: `urn:pulumi:prod::llmfleet::${resource.type}::${resource.name}` }));
    expect(asOwn).toHaveLength(2);
    const messages = runPack(asOwn, levels, "prod").map((found) => `${found.policy}: ${found.message.split(":")[0] ?? ""}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        "host-namespaces: DaemonSet monitoring/kube-prometheus-stack-prometheus-node-exporter sets hostNetwork",
        "host-namespaces: DaemonSet monitoring/kube-prometheus-stack-prometheus-node-exporter sets hostPID",
        'no-hostpath: DaemonSet monitoring/kube-prometheus-stack-prometheus-node-exporter mounts hostPath volume "proc" (/proc)',
        'caps-drop-all: DaemonSet monitoring/dcgm-exporter container "exporter" adds capability SYS_ADMIN',
        'non-root: DaemonSet monitoring/dcgm-exporter container "exporter" may run as root (image nvcr.io/nvidia/k8s/dcgm-exporter',
        'no-hostpath: DaemonSet monitoring/dcgm-exporter mounts hostPath volume "pod-gpu-resources" (/var/lib/kubelet/pod-resources)',
      ]),
    );
  });

  it("are exempt as chart children for exactly the access their exemption lists", () => {
    expect(runPack(exporters(), levels, "prod")).toEqual([]);
    const widened = exporters().map((resource) => {
      const props = structuredClone(resource.props) as { spec: { template: { spec: { hostIPC?: boolean; volumes: unknown[]; containers: { securityContext: { capabilities?: { add?: string[]; drop?: string[] } } }[] } } } };
      const pod = props.spec.template.spec;
      pod.volumes.push({ name: "etc", hostPath: { path: "/etc" } });
      pod.hostIPC = true;
      const container = pod.containers[0];
      if (container !== undefined) container.securityContext = { ...container.securityContext, capabilities: { drop: ["ALL"], add: [...(container.securityContext.capabilities?.add ?? []), "NET_ADMIN"] } };
      return { ...resource, props };
    });
    const messages = runPack(widened, levels, "prod").map((found) => found.policy);
    expect(messages.filter((policy) => policy === "no-hostpath")).toHaveLength(2);
    expect(messages.filter((policy) => policy === "host-namespaces")).toHaveLength(2);
    expect(messages.filter((policy) => policy === "caps-drop-all")).toHaveLength(2);
  });

  it("each name the chart, the object and why", () => {
    for (const exemption of CHART_EXEMPTIONS) {
      expect(exemption.chart).not.toBe("");
      expect(exemption.checkedVersion).toMatch(/\d+\.\d+\.\d+/);
      expect(exemption.why.length).toBeGreaterThan(80);
    }
  });
});
