import { describe, expect, it } from "vitest";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { parseFleet } from "../../src/stack/index.js";

/** What the stack's metrics source must be for autoscaling and monitoring to read anything. */

describe("autoscaling needs a Prometheus the stack deploys", () => {
  it.each(["none", "arms"])("refuses autoscaling with monitoring.mode %s and the default Prometheus address, with the fix", (mode) => {
    const fleet = structuredClone(loadStackFile({ stack: "prod" }).config["llmfleet:fleet"]) as Record<string, unknown>;
    expect(() => parseFleet({ ...fleet, monitoring: { mode } })).toThrow(
      new RegExp(`llmfleet:fleet\\.deployments\\[0\\]\\.autoscaling.*monitoring\\.mode ${mode} deploys no Prometheus.*set monitoring\\.mode: kube-prometheus-stack`, "s"),
    );
  });

  it("accepts a Prometheus address the user gives", () => {
    const fleet = structuredClone(loadStackFile({ stack: "prod" }).config["llmfleet:fleet"]) as { deployments: Record<string, unknown>[] };
    fleet.deployments = fleet.deployments.map((d) => (d["autoscaling"] === undefined ? d : { ...d, autoscaling: { ...(d["autoscaling"] as object), prometheusAddress: "http://prometheus.observability.svc:9090" } }));
    expect(() => parseFleet({ ...fleet, monitoring: { mode: "none" } })).not.toThrow();
  });
});

describe("ARMS monitoring and the mesh", () => {
  it("accepts monitoring.mode arms with the Istio mesh llmfleet installs (ARMS reads the merged metrics)", () => {
    const fleet = structuredClone(loadStackFile({ stack: "dev" }).config["llmfleet:fleet"]) as Record<string, unknown>;
    expect(() => parseFleet({ ...fleet, monitoring: { mode: "arms" } })).not.toThrow();
  });
});
