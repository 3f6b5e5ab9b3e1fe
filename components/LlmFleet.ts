/**
 * `llmfleet:index:LlmFleet`: one environment's whole fleet from one validated configuration — the
 * ACK cluster, GPU node pools sized from the deployments that target them, model storage, the
 * inference deployments, the service mesh and monitoring.
 */
import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { findInstanceType } from "../src/gpu/index.js";
import { resolveModel } from "../src/model/index.js";
import type { Plan } from "../src/planner/index.js";
import { defaultDenyIngress, parseFleetConfig, planFleet, type FleetConfig, type FleetConfigInput } from "../src/stack/index.js";
import { AckCluster } from "./AckCluster.js";
import { fleetDeploymentArgs, fleetPoolArgs, fleetServedModels, fleetStorageArgs } from "./fleetArgs.js";
import { fleetMonitoringArgs, receiverSecrets, type SecretConfigReader } from "./fleetMonitoringArgs.js";
import { GpuNodePool } from "./GpuNodePool.js";
import { InferenceDeployment } from "./InferenceDeployment.js";
import { validateArgs } from "./inputErrors.js";
import { kubernetesArgs } from "./kubernetesArgs.js";
import { ModelStorage } from "./ModelStorage.js";
import { Monitoring } from "./Monitoring.js";
import { ServiceMesh } from "./ServiceMesh.js";

const TYPE = "llmfleet:index:LlmFleet";

export interface LlmFleetArgs {
  /** The fleet (the `llmfleet:fleet` stack configuration); validated on entry, errors name `config.<path>`. */
  config: FleetConfigInput;
  /** Kubeconfig of an existing cluster (`cluster.mode: existing` with `kubeconfigConfigKey`). Kept secret. */
  kubeconfig?: pulumi.Input<string>;
  /** Alibaba Cloud provider for every cloud resource. Default: one for `config.region`. */
  alicloudProvider?: alicloud.Provider;
  /**
   * Reads the secret config keys the configuration names (alert receivers' `secretConfigKey`). The
   * stack program passes `(key) => new pulumi.Config("llmfleet").getSecret(key)`.
   */
  secretConfig?: SecretConfigReader;
}

export class LlmFleet extends pulumi.ComponentResource {
  readonly config: FleetConfig;
  /** Sizing plan per deployment name (the `llmfleet plan --json` shape). */
  readonly plans: Readonly<Record<string, Plan>>;
  readonly cluster: AckCluster;
  readonly pools: Readonly<Record<string, GpuNodePool>>;
  readonly storage: ModelStorage;
  readonly deployments: Readonly<Record<string, InferenceDeployment>>;
  readonly mesh: ServiceMesh | undefined;
  readonly monitoring: Monitoring | undefined;

  constructor(name: string, args: LlmFleetArgs, opts?: pulumi.ComponentResourceOptions) {
    const { config, plans, secrets } = validateArgs(TYPE, () => {
      const parsed = parseFleetConfig(args.config, "config");
      return { config: parsed, plans: planFleet(parsed, "config"), secrets: receiverSecrets(parsed, args.secretConfig) };
    });
    super(TYPE, name, {}, opts);
    this.config = config;
    this.plans = Object.fromEntries(plans.deployments);
    const production = config.environment === "prod";
    const alicloudProvider = args.alicloudProvider ?? new alicloud.Provider(`${name}-alicloud`, { region: config.region }, { parent: this });

    this.cluster = new AckCluster(
      `${name}-cluster`,
      config.cluster.mode === "new"
        ? {
            clusterName: `${name}-${config.environment}`,
            production,
            clusterSpec: config.cluster.clusterSpec,
            kubernetesVersion: config.cluster.kubernetesVersion,
            zoneIds: config.cluster.zones,
            vpcCidr: config.cluster.vpcCidr,
            serviceCidr: config.cluster.serviceCidr,
            controlPlaneLogs: (config.cluster.controlPlaneLogs ?? production) ? {} : undefined,
            armsPrometheus: config.monitoring.mode === "arms",
            extraAddons: plans.deployments.size > 0 && [...plans.deployments.values()].some((p) => p.nodes > 1) ? [{ name: "ack-erdma-controller" }] : [],
            alicloudProvider,
          }
        : {
            production,
            existingCluster: { clusterId: config.cluster.clusterId, nodeVswitchIds: config.cluster.nodeVswitchIds, kubeconfig: args.kubeconfig },
            alicloudProvider,
          },
      { parent: this },
    );
    const k8sProvider = this.cluster.k8sProvider;
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace`,
      {
        metadata: {
          name: config.namespace,
          labels: {
            ...(config.mesh.mode === "none" ? {} : { "istio-injection": "enabled" }),
            // Vendor serving images run as root (documented waiver): warn and audit, do not enforce.
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
          },
        },
      },
      { parent: this, provider: k8sProvider },
    );

    new k8s.networking.v1.NetworkPolicy(`${name}-default-deny`, kubernetesArgs<k8s.networking.v1.NetworkPolicyArgs>(defaultDenyIngress(config.namespace)), {
      parent: this,
      provider: k8sProvider,
      dependsOn: [namespace],
    });

    this.storage = new ModelStorage(`${name}-models`, fleetStorageArgs(config, this.cluster, alicloudProvider, k8sProvider), { parent: this, dependsOn: [namespace] });

    const pools: Record<string, GpuNodePool> = {};
    for (const pool of config.nodePools) {
      const instanceType = plans.poolInstanceTypes.get(pool.name);
      if (instanceType === undefined || findInstanceType(instanceType) === undefined) continue;
      pools[pool.name] = new GpuNodePool(`${name}-${pool.name}`, fleetPoolArgs(config, pool, plans, this.cluster, alicloudProvider), { parent: this });
    }
    this.pools = pools;

    const deployments: Record<string, InferenceDeployment> = {};
    for (const deployment of config.deployments) {
      const pool = pools[deployment.pool];
      const plan = plans.deployments.get(deployment.name);
      if (pool === undefined || plan === undefined) continue;
      const model = resolveModel(deployment.model);
      deployments[deployment.name] = new InferenceDeployment(
        `${name}-${deployment.name}`,
        fleetDeploymentArgs(config, deployment, plan, model.id, pool.placement, this.storage.volume, k8sProvider),
        { parent: this, dependsOn: [namespace, this.storage, pool] },
      );
    }
    this.deployments = deployments;

    const served = fleetServedModels(config, deployments);
    this.mesh =
      config.mesh.mode === "none" || served.length === 0
        ? undefined
        : new ServiceMesh(
            `${name}-mesh`,
            {
              mode: config.mesh.mode,
              models: served,
              asm:
                config.mesh.mode === "asm"
                  ? { clusterId: this.cluster.clusterId, vpcId: this.cluster.vpcId, vswitchId: this.cluster.nodeVswitchIds[0] ?? "" }
                  : undefined,
              kubernetesProvider: k8sProvider,
              alicloudProvider,
            },
            { parent: this, dependsOn: Object.values(deployments) },
          );

    this.monitoring =
      config.monitoring.mode === "none"
        ? undefined
        : new Monitoring(
            `${name}-monitoring`,
            fleetMonitoringArgs(config, {
              plans,
              volume: this.storage.volume,
              secrets,
              meshGateway: config.mesh.mode === "istio" && this.mesh !== undefined,
              clusterId: this.cluster.clusterId,
              kubernetesProvider: k8sProvider,
              alicloudProvider,
            }),
            { parent: this },
          );

    this.registerOutputs({
      clusterId: this.cluster.clusterId,
      kubeconfig: this.cluster.kubeconfig,
      plans: this.plans,
      hosts: this.mesh?.hosts ?? [],
    });
  }
}
