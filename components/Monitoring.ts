/**
 * `llmfleet:index:Monitoring`: Prometheus, Grafana and GPU metrics for the served models —
 * kube-prometheus-stack from a pinned Helm chart, or ARMS managed Prometheus — with llmfleet's
 * monitors, alert rules and dashboards.
 */
import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { LlmfleetError, LlmfleetErrors, parseWith } from "../src/errors/index.js";
import { chartReference, chartRegistryValues, mergeValues, type ChartSource, type RegistryMirror } from "../src/registry/index.js";
import {
  armsAlertRules,
  armsMonitors,
  DCGM_EXPORTER,
  dcgmExporterValues,
  GRAFANA_ADMIN_KEYS,
  KUBE_PROMETHEUS_STACK,
  kubePrometheusStackValues,
  monitoringObjects,
  monitoringSpecSchema,
  RECEIVER_SECRET_NAME,
  receiverSecretProblems,
  receiverSecretPurpose,
  type MonitoringSpec,
  type MonitoringSpecInput,
} from "../src/monitoring/index.js";
import { validateArgs } from "./inputErrors.js";
import { applyObjects } from "./kubernetesObjects.js";
import { providerFor } from "./providers.js";

const TYPE = "llmfleet:index:Monitoring";

/** ARMS managed Prometheus for an ACK cluster (mode `arms`). */
export interface ArmsArgs {
  clusterId: pulumi.Input<string>;
}

export interface MonitoringArgs extends MonitoringSpecInput {
  /** `kube-prometheus-stack` (pinned Helm chart, Grafana with llmfleet's dashboards) or `arms` (managed). Default `kube-prometheus-stack`. */
  mode?: "kube-prometheus-stack" | "arms";
  /** Required for mode `arms`. */
  arms?: ArmsArgs;
  /**
   * Pull the charts (OCI, `oci://<mirror>/charts/<chart>`) and every image they run from this
   * mirror, with its pull Secret. Default: the charts' own repositories and registries.
   */
  registry?: RegistryMirror;
  /** Install the DCGM exporter chart; false when ACK GPU monitoring already exports DCGM metrics. Default true. */
  installGpuExporter?: boolean;
  /**
   * The credential of each receiver in `alerting.receivers` that needs one, by receiver name: a
   * webhook, Slack, DingTalk or WeCom URL, a PagerDuty routing key, an SMTP password. Pass Pulumi
   * secrets (`config.requireSecret`); they are stored in a Kubernetes Secret the Alertmanager pods
   * mount, never in the chart's values.
   */
  receiverSecrets?: Readonly<Record<string, pulumi.Input<string>>>;
  /** Kubernetes provider of the serving cluster. Default: `opts.providers`, else the stack default. */
  kubernetesProvider?: k8s.Provider;
  /** Alibaba Cloud provider (mode `arms`). Default: `opts.providers`, else the stack default. */
  alicloudProvider?: alicloud.Provider;
}

export class Monitoring extends pulumi.ComponentResource {
  /** Namespace of the monitoring stack. */
  readonly namespace: string;
  /** Secret holding Grafana's admin user and password (mode `kube-prometheus-stack`). */
  readonly grafanaAdminSecretName: string | undefined;
  /** ARMS Prometheus instance id (mode `arms`). */
  readonly armsPrometheusId: pulumi.Output<string> | undefined;

  constructor(name: string, args: MonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    const { mode = "kube-prometheus-stack", arms, installGpuExporter = true, registry, kubernetesProvider, alicloudProvider, receiverSecrets = {}, ...specInput } = args;
    const spec = validateArgs(TYPE, () => {
      if (mode === "arms" && arms === undefined) {
        throw new LlmfleetError("arms", undefined, "mode arms attaches ARMS Prometheus to a cluster", "give arms.clusterId");
      }
      const parsed = parseWith(monitoringSpecSchema, specInput, "");
      if (mode === "arms" && parsed.alerting.receivers.length > 0) {
        const names = parsed.alerting.receivers.map((receiver) => receiver.name);
        throw new LlmfleetError("alerting.receivers", names, "mode arms sends alerts through ARMS's own notification policies, not Alertmanager", "set up the contacts in ARMS, or use mode kube-prometheus-stack");
      }
      const problems = receiverSecretProblems(parsed.alerting.receivers, Object.keys(receiverSecrets));
      if (problems.length === 1 && problems[0] !== undefined) throw problems[0];
      if (problems.length > 1) throw new LlmfleetErrors(problems);
      return parsed;
    });
    super(TYPE, name, {}, opts);
    const kubernetes = providerFor(this, "kubernetes", kubernetesProvider);
    const k8sOpts = { parent: this, provider: kubernetes };
    this.namespace = spec.namespace;

    const namespace = new k8s.core.v1.Namespace(`${name}-namespace`, { metadata: { name: spec.namespace } }, k8sOpts);
    const gpuExporter = installGpuExporter
      ? [this.chart(name, DCGM_EXPORTER, spec.namespace, dcgmExporterValues(), registry, { ...k8sOpts, dependsOn: [namespace] })]
      : [];

    if (mode === "arms" && arms !== undefined) {
      this.grafanaAdminSecretName = undefined;
      this.armsPrometheusId = this.createArms(name, spec, arms, providerFor(this, "alicloud", alicloudProvider));
    } else {
      this.armsPrometheusId = undefined;
      this.grafanaAdminSecretName = `${name}-grafana-admin`;
      const password = new random.RandomPassword(`${name}-grafana-admin`, { length: 32, special: false }, { parent: this });
      const adminSecret = new k8s.core.v1.Secret(
        `${name}-grafana-admin`,
        {
          metadata: { name: this.grafanaAdminSecretName, namespace: spec.namespace },
          type: "Opaque",
          stringData: { [GRAFANA_ADMIN_KEYS.user]: "admin", [GRAFANA_ADMIN_KEYS.password]: password.result },
        },
        { ...k8sOpts, dependsOn: [namespace] },
      );
      const receivers = this.receiverSecret(name, spec, receiverSecrets, { ...k8sOpts, dependsOn: [namespace] });
      const stack = this.chart(name, KUBE_PROMETHEUS_STACK, spec.namespace, kubePrometheusStackValues(spec, this.grafanaAdminSecretName), registry, {
        ...k8sOpts,
        dependsOn: [adminSecret, ...receivers],
      });
      // The PrometheusRule, monitors and dashboards need the chart's CRDs.
      applyObjects(name, monitoringObjects(spec), { ...k8sOpts, dependsOn: [stack, ...gpuExporter] });
    }
    this.registerOutputs({ namespace: this.namespace, grafanaAdminSecretName: this.grafanaAdminSecretName, armsPrometheusId: this.armsPrometheusId });
  }

  /** The receivers' credentials, one key per receiver, for the Alertmanager pods to mount; none when no receiver needs one. */
  private receiverSecret(
    name: string,
    spec: MonitoringSpec,
    secrets: Readonly<Record<string, pulumi.Input<string>>>,
    opts: pulumi.CustomResourceOptions,
  ): k8s.core.v1.Secret[] {
    const entries = spec.alerting.receivers.flatMap((receiver) => {
      const value = secrets[receiver.name];
      return receiverSecretPurpose(receiver) === undefined || value === undefined ? [] : [[receiver.name, pulumi.secret(value)] as const];
    });
    if (entries.length === 0) return [];
    return [
      new k8s.core.v1.Secret(
        `${name}-alertmanager-receivers`,
        { metadata: { name: RECEIVER_SECRET_NAME, namespace: spec.namespace }, type: "Opaque", stringData: Object.fromEntries(entries) },
        opts,
      ),
    ];
  }

  private chart(
    name: string,
    pinned: ChartSource & { releaseName: string },
    namespace: string,
    values: Record<string, unknown>,
    registry: RegistryMirror | undefined,
    opts: pulumi.ComponentResourceOptions,
  ): k8s.helm.v4.Chart {
    return new k8s.helm.v4.Chart(
      `${name}-${pinned.releaseName}`,
      { name: pinned.releaseName, ...chartReference(pinned, registry), namespace, values: mergeValues(values, chartRegistryValues(pinned, registry)) },
      opts,
    );
  }

  /** ARMS: the managed instance, llmfleet's monitors as ARMS monitoring configs, and its alert rules. */
  private createArms(name: string, spec: MonitoringSpec, arms: ArmsArgs, provider: pulumi.ProviderResource | undefined): pulumi.Output<string> {
    const opts = { parent: this, provider };
    const prometheus = new alicloud.arms.Prometheus(`${name}-arms`, { clusterType: "aliyun-cs", clusterId: arms.clusterId, grafanaInstanceId: "free" }, opts);
    const afterInstance = { ...opts, dependsOn: [prometheus] };
    for (const monitor of armsMonitors(spec)) {
      new alicloud.arms.PrometheusMonitoring(`${name}-${monitor.name}`, { clusterId: arms.clusterId, type: monitor.type, configYaml: monitor.configYaml, status: "run" }, afterInstance);
    }
    for (const rule of armsAlertRules(spec)) {
      new alicloud.arms.PrometheusAlertRule(
        `${name}-${rule.name}`,
        {
          clusterId: arms.clusterId,
          prometheusAlertRuleName: rule.name,
          expression: rule.expression,
          duration: rule.durationMinutes,
          message: rule.message,
          labels: [...rule.labels],
          annotations: [...rule.annotations],
        },
        afterInstance,
      );
    }
    return prometheus.id;
  }
}
