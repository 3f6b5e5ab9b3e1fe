/**
 * `llmfleet:index:LlmFleet`: one environment's whole fleet from one validated configuration — the
 * ACK cluster, GPU node pools sized from the deployments that target them, model storage, the
 * inference deployments, the service mesh and monitoring.
 */
import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { batchLocation, type BatchLocation } from "../src/batch/index.js";
import { findInstanceType } from "../src/gpu/index.js";
import type { Plan } from "../src/planner/index.js";
import type { NcclTransport, StartupEstimate } from "../src/workload/index.js";
import { systemWorkloads, terwayErdmaConfigMap, totalRequests } from "../src/cluster/index.js";
import { rerootError, throwAll } from "../src/errors/index.js";
import { ACK_GATEWAY_API_ADDON, ACK_INFERENCE_GATEWAY_ADDON } from "../src/inferencePool/index.js";
import { ERDMA_ADDON, KEDA_ADDON, erdmaAddonConfig, operatorNeeds } from "../src/operators/index.js";
import {
  defaultDenyIngress,
  inferenceGatewayOf,
  parseFleet,
  planFleet,
  poolCapacityProblems,
  poolSizing,
  routeApiKeys,
  routeApiKeyOf,
  prefixCacheRoutingOf,
  routingOf,
  stackResourceNames,
  weightsLocation,
  weightsProblems,
  type FleetConfig,
  type FleetConfigInput,
} from "../src/stack/index.js";
import { warnAll } from "./deprecations.js";
import { fleetChildErrors } from "./fleetErrors.js";
import { AckCluster } from "./AckCluster.js";
import { ClusterOperators } from "./ClusterOperators.js";
import { fleetDeploymentArgs, fleetInferenceGateway, fleetPoolArgs, fleetRegistry, fleetServedModels, fleetStorageArgs } from "./fleetArgs.js";
import { fleetMonitoringArgs, receiverSecrets, type SecretConfigReader } from "./fleetMonitoringArgs.js";
import { GpuNodePool } from "./GpuNodePool.js";
import { InferenceGateway } from "./InferenceGateway.js";
import { InferenceDeployment } from "./InferenceDeployment.js";
import { fleetBatchOutputs } from "./fleetBatchOutputs.js";
import { validateArgs } from "./inputErrors.js";
import { kubernetesArgs } from "./kubernetesArgs.js";
import { MeshControlPlane } from "./MeshControlPlane.js";
import { ModelStorage } from "./ModelStorage.js";
import { Monitoring } from "./Monitoring.js";
import { createRouteApiKeys } from "./routeApiKeys.js";
import { createTlsSecrets, missingTlsConfig, tlsSecretValues } from "./tlsCertificates.js";
import { ServiceMesh } from "./ServiceMesh.js";

const TYPE = "llmfleet:index:LlmFleet";

export interface LlmFleetArgs {
  /** The fleet (the `llmfleet:fleet` stack configuration); validated on entry, errors name `<configKey>.<path>`. */
  config: FleetConfigInput;
  /** How errors name the configuration: the stack program passes `llmfleet:fleet`. Default `args.config`. */
  configKey?: string;
  /** Kubeconfig of an existing cluster (`cluster.mode: existing` with `kubeconfigConfigKey`). Kept secret. */
  kubeconfig?: pulumi.Input<string>;
  /** Alibaba Cloud provider for every cloud resource. Default: one for `config.region`. */
  alicloudProvider?: alicloud.Provider;
  /**
   * Reads the secret config keys the configuration names (alert receivers' `secretConfigKey`, routes'
   * `tls.certificateConfigKey` and `privateKeyConfigKey`), by key without the `llmfleet:` prefix. The
   * stack program passes `(key) => new pulumi.Config("llmfleet").getSecret(key)`. Default: none set.
   */
  secretConfig?: SecretConfigReader;
}

export class LlmFleet extends pulumi.ComponentResource {
  readonly config: FleetConfig;
  /** Sizing plan per deployment name (the `llmfleet plan --json` shape), made once for the whole fleet. */
  readonly plans: Readonly<Record<string, Plan>>;
  /** Deprecation warnings for old spellings in the configuration (also logged by the engine). */
  readonly warnings: readonly string[];
  readonly cluster: AckCluster;
  readonly pools: Readonly<Record<string, GpuNodePool>>;
  readonly storage: ModelStorage;
  readonly deployments: Readonly<Record<string, InferenceDeployment>>;
  /** NCCL's network between nodes per multi-node deployment, and why. */
  readonly transports: Readonly<Record<string, NcclTransport>>;
  /** Where each deployment's weights must be (`oss://<bucket>/<modelPath>/`) before its pods can start. */
  readonly weightLocations: Readonly<Record<string, string>>;
  /** Where each batch deployment reads its prompts and writes its results. */
  readonly batchLocations: Readonly<Record<string, BatchLocation>>;
  /** Estimated start of one replica per serving deployment, with its startup probe's budget. */
  readonly startups: Readonly<Record<string, StartupEstimate>>;
  readonly mesh: ServiceMesh | undefined;
  /** The `routing: inference-pool` routes: Gateway API gateways, InferencePools and their endpoint pickers. */
  readonly inferenceGateway: InferenceGateway | undefined;
  readonly monitoring: Monitoring | undefined;

  constructor(name: string, args: LlmFleetArgs, opts?: pulumi.ComponentResourceOptions) {
    const { config, plans, warnings, locate, needs, systemRequests, secrets, tlsSecrets } = validateArgs(
      TYPE,
      () => {
        const parsed = parseFleet(args.config, args.configKey ?? "args.config");
        const planned = planFleet(parsed.config, parsed.locate);
        throwAll([...poolCapacityProblems(parsed.config, planned.deployments, parsed.locate), ...weightsProblems(parsed.config, planned.deployments, parsed.locate)]);
        const tlsSecrets = tlsSecretValues(parsed.config, args.secretConfig);
        throwAll(missingTlsConfig(parsed.config, tlsSecrets).map((error) => rerootError(error, parsed.locate)));
        const operators = operatorNeeds(parsed.config, planned.deployments);
        const inferenceRoutes = parsed.config.routes.filter((route) => routingOf(route) === "inference-pool");
        const workloads = systemWorkloads({
          ...operators,
          mesh: parsed.config.mesh.mode === "istio",
          monitoring: parsed.config.monitoring.mode === "kube-prometheus-stack",
          inferenceRouting:
            inferenceRoutes.length === 0
              ? undefined
              : {
                  pickers: inferenceRoutes.reduce((sum, route) => sum + route.deployments.length, 0),
                  gateways: inferenceRoutes.length,
                  tokenizers: inferenceRoutes.filter((route) => prefixCacheRoutingOf(route) === "precise").reduce((sum, route) => sum + route.deployments.length, 0),
                },
        });
        return { ...parsed, plans: planned, needs: operators, systemRequests: totalRequests(workloads), secrets: receiverSecrets(parsed.config, args.secretConfig, parsed.locate), tlsSecrets };
      },
      "",
    );
    super(TYPE, name, {}, opts);
    this.config = config;
    this.plans = Object.fromEntries(plans.deployments);
    this.warnings = warnings;
    warnAll(this, warnings);
    const production = config.environment === "prod";
    const protect = config.protection.enabled ?? production;
    const names = stackResourceNames(pulumi.getProject(), pulumi.getStack());
    const alicloudProvider = args.alicloudProvider ?? new alicloud.Provider(`${name}-alicloud`, { region: config.region }, { parent: this });

    const inferenceRouting = config.routes.some((route) => routingOf(route) === "inference-pool");
    // ACK's Gateway with Inference Extension needs ACK's Gateway API component (its CRDs) first.
    const ackInferenceGateway = inferenceRouting && inferenceGatewayOf(config) === "ack";
    const addons = [
      ...(needs.erdma ? [{ name: ERDMA_ADDON, config: erdmaAddonConfig() }] : []),
      ...(needs.keda ? [{ name: KEDA_ADDON }] : []),
      ...(ackInferenceGateway ? [{ name: ACK_GATEWAY_API_ADDON }, { name: ACK_INFERENCE_GATEWAY_ADDON }] : []),
    ];
    const nodeAutoscaling = config.nodePools.some((pool) => poolSizing(config, pool, plans.deployments).kind === "autoscale");
    this.cluster = new AckCluster(
      `${name}-cluster`,
      config.cluster.mode === "new"
        ? {
            clusterName: names.clusterName,
            production,
            clusterSpec: config.cluster.clusterSpec,
            kubernetesVersion: config.cluster.kubernetesVersion,
            zoneIds: config.cluster.zones,
            vpcCidr: config.cluster.vpcCidr,
            serviceCidr: config.cluster.serviceCidr,
            vswitchLayout: config.cluster.vswitchLayout,
            apiServer: config.cluster.apiServer,
            kubeconfigTtlMinutes: config.cluster.kubeconfigTtlMinutes,
            controlPlaneLogs: (config.cluster.controlPlaneLogs ?? production) ? {} : undefined,
            armsPrometheus: config.monitoring.mode === "arms",
            extraAddons: addons,
            systemPool: { ...config.systemPool, requests: systemRequests },
            nodeAutoscaling,
            protect,
            alicloudProvider,
          }
        : {
            production,
            existingCluster: { clusterId: config.cluster.clusterId, nodeVswitchIds: config.cluster.nodeVswitchIds, kubeconfig: args.kubeconfig },
            extraAddons: addons,
            nodeAutoscaling,
            alicloudProvider,
          },
      { parent: this },
    );
    const k8sProvider = this.cluster.kubernetesProvider;

    // Installed before anything that needs them (docs/install-order.md): the mesh control plane
    // before any pod of an injected namespace, each operator before the custom resources it serves.
    const meshControlPlane =
      config.mesh.mode === "none"
        ? undefined
        : new MeshControlPlane(
            `${name}-mesh`,
            {
              mode: config.mesh.mode,
              asm:
                config.mesh.mode === "asm"
                  ? { clusterId: this.cluster.clusterId, vpcId: this.cluster.vpcId, vswitchId: this.cluster.nodeVswitchIds[0] ?? "" }
                  : undefined,
              // These charts were children of ServiceMesh before the control plane moved ahead of the workloads.
              previousParentUrn: pulumi.createUrn(`${name}-mesh`, "llmfleet:index:ServiceMesh", this),
              inferenceExtension: inferenceRouting && config.mesh.mode === "istio",
              registry: fleetRegistry(config),
              kubernetesProvider: k8sProvider,
              alicloudProvider,
            },
            { parent: this },
          );
    const operators =
      needs.leaderWorkerSet || needs.mpiOperator
        ? new ClusterOperators(
            `${name}-operators`,
            {
              leaderWorkerSet: needs.leaderWorkerSet,
              mpiOperator: needs.mpiOperator,
              registry: fleetRegistry(config),
              mpiOperatorManifest: config.registry?.mpiOperatorManifest,
              kubernetesProvider: k8sProvider,
            },
            { parent: this },
          )
        : undefined;
    const workloadPrerequisites: pulumi.Resource[] = [
      ...(meshControlPlane?.resources ?? []),
      ...(operators?.installers ?? []),
      // Device plugins before the pods that request their resources: aliyun/erdma comes from ack-erdma-controller.
      ...[...(needs.keda ? [KEDA_ADDON] : []), ...(needs.erdma ? [ERDMA_ADDON] : [])].flatMap((addon) => this.cluster.addons[addon] ?? []),
    ];

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
      // Everything in the namespace waits for it, and so for the mesh and the operators.
      { parent: this, provider: k8sProvider, dependsOn: workloadPrerequisites },
    );

    new k8s.networking.v1.NetworkPolicy(`${name}-default-deny`, kubernetesArgs<k8s.networking.v1.NetworkPolicyArgs>(defaultDenyIngress(config.namespace)), {
      parent: this,
      provider: k8sProvider,
      dependsOn: [namespace],
    });

    this.storage = new ModelStorage(`${name}-models`, fleetStorageArgs(config, this.cluster, alicloudProvider, k8sProvider, names, protect, plans), {
      parent: this,
      dependsOn: [namespace],
    });

    // Terway's ENI whitelist for eRDMA nodes, in place before their first node joins (src/cluster/terwayErdma.ts).
    const terwayErdma = needs.erdma
      ? [new k8s.core.v1.ConfigMap(`${name}-terway-erdma`, kubernetesArgs<k8s.core.v1.ConfigMapArgs>(terwayErdmaConfigMap()), { parent: this, provider: k8sProvider })]
      : [];
    const pools: Record<string, GpuNodePool> = {};
    for (const pool of config.nodePools) {
      const instanceType = plans.poolInstanceTypes.get(pool.name);
      if (instanceType === undefined || findInstanceType(instanceType) === undefined) continue;
      const poolArgs = fleetPoolArgs(config, pool, plans, this.cluster, alicloudProvider, protect);
      pools[pool.name] = new GpuNodePool(`${name}-${pool.name}`, poolArgs, { parent: this, dependsOn: poolArgs.erdma === true ? terwayErdma : [] });
    }
    this.pools = pools;

    const routeKeys = createRouteApiKeys(name, routeApiKeys(config), config.namespace, this, k8sProvider, [namespace]);
    const batchOutputs = fleetBatchOutputs(name, config, this.cluster, names, { parent: this, alicloudProvider, kubernetesProvider: k8sProvider, dependsOn: [namespace] });
    const deployments: Record<string, InferenceDeployment> = {};
    config.deployments.forEach((deployment, index) => {
      const pool = pools[deployment.pool];
      const plan = plans.deployments.get(deployment.name);
      if (pool === undefined || plan === undefined) return;
      const poolIndex = config.nodePools.findIndex((p) => p.name === deployment.pool);
      const routeKey = routeKeys.get(routeApiKeyOf(config, deployment.name)?.route ?? "");
      deployments[deployment.name] = fleetChildErrors(TYPE, locate, { deployment: index, pool: poolIndex }, () =>
        new InferenceDeployment(`${name}-${deployment.name}`, fleetDeploymentArgs(config, deployment, plan, pool.placement, this.storage.volume, k8sProvider), {
          parent: this,
          dependsOn: [namespace, this.storage, pool, ...(routeKey === undefined ? [] : [routeKey]), ...(batchOutputs.get(deployment.name) ?? [])],
        }),
      );
    });
    this.deployments = deployments;
    this.transports = Object.fromEntries(Object.entries(deployments).flatMap(([deploymentName, d]) => (d.transport === undefined ? [] : [[deploymentName, d.transport]])));
    this.weightLocations = Object.fromEntries(Object.entries(deployments).map(([deploymentName, d]) => [deploymentName, weightsLocation(config.storage, d.modelPath)]));
    this.batchLocations = Object.fromEntries(config.deployments.flatMap((d) => (d.batchJob === undefined || deployments[d.name] === undefined ? [] : [[d.name, batchLocation(config.storage, d)]])));
    this.startups = Object.fromEntries(Object.entries(deployments).flatMap(([deploymentName, d]) => (d.startup === undefined ? [] : [[deploymentName, d.startup]])));

    const served = fleetServedModels(config, deployments);
    const gatewayCertificates =
      config.mesh.mode === "none" ? [] : createTlsSecrets(name, config, tlsSecrets, this, k8sProvider, meshControlPlane?.resources ?? []);
    this.mesh =
      config.mesh.mode === "none" || served.length === 0
        ? undefined
        : new ServiceMesh(
            `${name}-mesh`,
            { mode: config.mesh.mode, models: served, controlPlane: meshControlPlane, kubernetesProvider: k8sProvider, alicloudProvider },
            // Routing objects after the workloads they route to.
            { parent: this, dependsOn: [...Object.values(deployments), ...gatewayCertificates] },
          );

    const inferenceGatewayArgs = fleetInferenceGateway(config, deployments, this.storage.volume.claimName);
    this.inferenceGateway =
      inferenceGatewayArgs === undefined
        ? undefined
        : new InferenceGateway(
            `${name}-inference-gateway`,
            {
              ...inferenceGatewayArgs,
              crdInstallers: ackInferenceGateway ? [ACK_GATEWAY_API_ADDON, ACK_INFERENCE_GATEWAY_ADDON].flatMap((addon) => this.cluster.addons[addon] ?? []) : undefined,
              kubernetesProvider: k8sProvider,
            },
            // After the pods they route to and the certificates they serve, like the mesh's routing.
            { parent: this, dependsOn: [...Object.values(deployments), ...gatewayCertificates, ...(meshControlPlane?.resources ?? [])] },
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
              endpointPickers: this.inferenceGateway?.endpointPickers ?? [],
              clusterId: this.cluster.clusterId,
              kubernetesProvider: k8sProvider,
              alicloudProvider,
            }),
            // Prometheus carries an Istio sidecar for its mTLS certificates: istiod first.
            { parent: this, dependsOn: meshControlPlane?.resources ?? [] },
          );

    this.registerOutputs({
      clusterId: this.cluster.clusterId,
      kubeconfig: this.cluster.kubeconfig,
      plans: this.plans,
      hosts: [...new Set([...(this.mesh?.hosts ?? []), ...(this.inferenceGateway?.hosts ?? [])])],
    });
  }
}
