import { describe, expect, it } from "vitest";
import { alertmanagerConfig, receiverSchema } from "../../src/monitoring/index.js";
import { alertsRouted } from "../../src/policy/rules/index.js";
import { monitoringChart, violationsOf } from "./fixtures.js";

const CHART = "Helm chart monitoring/monitoring (kube-prometheus-stack)";
const config = (receivers: unknown[]) => alertmanagerConfig(receivers.map((receiver) => receiverSchema.parse(receiver)));

describe("alerts-routed", () => {
  it("passes a configuration that pages someone for critical alerts", () => {
    expect(violationsOf(alertsRouted, monitoringChart())).toEqual([]);
  });

  it("reports alerts that go nowhere: the chart's default route, llmfleet's route without receivers, a disabled Alertmanager", () => {
    for (const alertmanager of [{}, { config: config([]) }, { enabled: false }]) {
      const [found] = violationsOf(alertsRouted, monitoringChart({ alertmanager }));
      expect(found?.message).toMatch(new RegExp(`^${CHART.replace(/[()]/g, "\\$&")}: alerts go nowhere`));
      expect(found?.message).toContain("Fix: ");
    }
  });

  it("reports critical alerts that page no one when receivers take only warnings", () => {
    const [found] = violationsOf(alertsRouted, monitoringChart({ alertmanager: { config: config([{ name: "chat", kind: "slack", severities: ["warning"] }]) } }));
    expect(found?.message).toContain(`${CHART}: critical alerts page no one (warnings go to chat)`);
  });

  it("leaves a configuration kept in the user's own Secret alone", () => {
    expect(violationsOf(alertsRouted, monitoringChart({ alertmanager: { alertmanagerSpec: { useExistingSecret: true } } }))).toEqual([]);
  });
});
