import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseWith } from "../../src/errors/index.js";
import { kubePrometheusStackValues, monitoringSpecSchema } from "../../src/monitoring/index.js";
import { CHART_CONTROL_PLANE_RULES, GATING_VALUES } from "./fixtures/chartControlPlaneRules.js";
import { promtool, tempDir } from "./prometheusTools.js";

/**
 * kube-prometheus-stack on ACK: the managed control plane cannot be scraped, so the chart's
 * `*Down` rules for it fire forever; the values turn those components off, which removes their
 * ServiceMonitors, dashboards and rules together.
 */
const values = kubePrometheusStackValues(parseWith(monitoringSpecSchema, {}, "monitoring"), "grafana-admin");
let dir = "";

beforeAll(() => {
  dir = tempDir("chart-rules");
  writeFileSync(join(dir, "chart-rules.yaml"), stringify(CHART_CONTROL_PLANE_RULES));
});

afterAll(() => {
  if (dir !== "") rmSync(dir, { recursive: true, force: true });
});

describe("kube-prometheus-stack defaults on ACK", () => {
  it.each(Object.entries(GATING_VALUES))("the chart's %s fires forever on an ACK cluster, where only the apiserver and kubelets are scraped (promtool)", (alert, gate) => {
    const file = join(dir, `${alert}.test.yaml`);
    writeFileSync(
      file,
      stringify({
        rule_files: ["chart-rules.yaml"],
        evaluation_interval: "1m",
        tests: [
          {
            interval: "1m",
            input_series: [
              { series: 'up{job="apiserver", instance="192.168.0.10:6443"}', values: "1x120" },
              { series: 'up{job="kubelet", instance="10.20.1.5:10250"}', values: "1x120" },
            ],
            alert_rule_test: [{ eval_time: "2h", alertname: alert, exp_alerts: [{ exp_labels: { severity: "critical", job: gate.job } }] }],
          },
        ],
      }),
    );
    const result = promtool(["test", "rules", file], dir);
    expect(result.output).toContain("SUCCESS");
  });

  it("turns off the managed components those rules are gated on, and etcd", () => {
    for (const component of [...Object.values(GATING_VALUES).map((gate) => gate.value), "kubeEtcd"]) expect(values[component], component).toEqual({ enabled: false });
  });

  it("drops every capability of node-exporter and forbids privilege escalation", () => {
    expect(values["prometheus-node-exporter"]).toMatchObject({
      containerSecurityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
    });
  });

  it("takes Grafana's admin from the Secret, disables anonymous access and the admin API", () => {
    expect(values).toMatchObject({
      grafana: { admin: { existingSecret: "grafana-admin" }, "grafana.ini": { "auth.anonymous": { enabled: false } } },
      prometheus: { prometheusSpec: { enableAdminAPI: false } },
    });
    expect(JSON.stringify(values)).not.toContain("adminPassword");
  });

  it("exposes no Service beyond the cluster", () => {
    expect(JSON.stringify(values)).not.toMatch(/LoadBalancer|NodePort/);
  });
});
