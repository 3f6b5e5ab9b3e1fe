/**
 * How a validated fleet configuration maps onto each component's arguments. Plain functions, so
 * `LlmFleet` reads as the composition and each mapping can be read on its own.
 */
import type * as alicloud from "@pulumi/alicloud";
import type * as k8s from "@pulumi/kubernetes";
import type { ModelVolume, PoolPlacement } from "../src/cluster/types.js";
import { findInstanceType } from "../src/gpu/index.js";
import type { ServedModelInput } from "../src/mesh/spec.js";
import type { Plan } from "../src/planner/index.js";
import type { RegistryMirror } from "../src/registry/index.js";
import { isPickerEngine, meshGatewayOf, type InferenceGatewaySpecInput } from "../src/inferencePool/index.js";
import {
  ARMS_AGENT_NAMESPACE,
  engineIngressSources,
  fleetWeightsFetches,
  inferenceGatewayOf,
  poolFootprint,
  poolSizing,
  routeApiKeyOf,
  routeMembership,
  routeTlsSecretName,
  prefixCacheRoutingOf,
  routingOf,
  type DeploymentConfig,
  type FleetConfig,
  type FleetPlans,
  type NodePoolConfig,
  type RouteConfig,
  type StackResourceNames,
} from "../src/stack/index.js";
import { modelLabelValue } from "../src/workload/index.js";
import type { AckCluster } from "./AckCluster.js";
import type { GpuNodePoolArgs } from "./GpuNodePool.js";
import type { InferenceDeployment, InferenceDeploymentArgs } from "./InferenceDeployment.js";
import type { ModelStorageArgs } from "./ModelStorage.js";

/** Model storage: OSS read through RRSA, or NAS in the cluster's VPC. */
export function fleetStorageArgs(
  config: FleetConfig,
  cluster: AckCluster,
  alicloudProvider: alicloud.Provider,
  kubernetesProvider: k8s.Provider,
  names: StackResourceNames,
  protect: boolean,
  plans: FleetPlans,
): ModelStorageArgs {
  const common = { storageName: "models", namespace: config.namespace, alicloudProvider, kubernetesProvider, protect };
  if (config.storage.kind === "oss") {
    return {
      ...common,
      oss: {
        bucket: config.storage.bucket,
        createBucket: config.storage.create,
        region: config.region,
        oidcProviderArn: cluster.rrsaOidcProviderArn,
        oidcIssuerUrl: cluster.rrsaOidcIssuerUrl,
        ramRoleName: names.modelReaderRoleName,
      },
      fetches: fleetWeightsFetches(config, plans.deployments),
      registry: fleetRegistry(config),
    };
  }
  return { ...common, nas: { vpcId: cluster.vpcId, vswitchId: cluster.nodeVswitchIds[0], storageType: config.storage.storageType } };
}

/**
 * A node pool on the instance type its deployments were planned on, sized from them
 * (`src/stack/poolSizing.ts`), in one zone when a replica spans nodes.
 */
export function fleetPoolArgs(
  config: FleetConfig,
  pool: NodePoolConfig,
  plans: FleetPlans,
  cluster: AckCluster,
  alicloudProvider: alicloud.Provider,
  protect: boolean,
): GpuNodePoolArgs {
  const instanceType = plans.poolInstanceTypes.get(pool.name) ?? pool.gpu;
  const { multiNode } = poolFootprint(config, pool, plans.deployments);
  const sizing = poolSizing(config, pool, plans.deployments);
  const spansNodes = config.deployments.some((d) => d.pool === pool.name && (plans.deployments.get(d.name)?.nodes ?? 1) > 1);
  // One LeaderWorkerSet group must not straddle zones: NCCL between zones is slow and eRDMA does not cross them.
  const vswitchIds = multiNode ? cluster.nodeVswitchIds.slice(0, 1) : cluster.nodeVswitchIds;
  return {
    clusterId: cluster.clusterId,
    vswitchIds,
    allowSingleZone: multiNode,
    poolName: pool.name,
    instanceType,
    size: sizing.kind === "fixed" ? { mode: "fixed", nodes: sizing.nodes } : { mode: "autoscale", minNodes: sizing.minNodes, maxNodes: sizing.maxNodes },
    protect,
    production: config.environment === "prod",
    spot: pool.spot,
    modelCacheDiskGiB: pool.dataDiskGiB,
    nvidiaDriverVersion: pool.driverVersion,
    // eRDMA only where it is available and a replica spans nodes.
    erdma: spansNodes && (findInstanceType(instanceType)?.erdma ?? false),
    alicloudProvider,
  };
}

/**
 * An inference deployment from its stack entry: the same fields (one schema), on its pool, reading
 * the fleet's storage, with the plan the fleet already made (the component does not plan again);
 * behind a route, its pods join the route's subsets and read the route's one API key.
 */
export function fleetDeploymentArgs(
  config: FleetConfig,
  deployment: DeploymentConfig,
  plan: Plan,
  placement: PoolPlacement,
  volume: ModelVolume,
  kubernetesProvider: k8s.Provider,
): InferenceDeploymentArgs {
  const { pool: _pool, ...fields } = deployment;
  const routeKey = routeApiKeyOf(config, deployment.name);
  return {
    ...fields,
    ingressSources: engineIngressSources(config, fields.ingressSources),
    ...(routeKey === undefined ? {} : { apiKeySecretName: routeKey.secretName }),
    namespace: config.namespace,
    placement,
    volume,
    plan,
    registry: fleetRegistry(config),
    route: routeMembership(config, deployment.name),
    kubernetesProvider,
  };
}

/** The stack's registry mirror as the components take it (the mpi-operator manifest goes to ClusterOperators alone). */
export function fleetRegistry(config: FleetConfig): RegistryMirror | undefined {
  if (config.registry === undefined) return undefined;
  const { mpiOperatorManifest: _manifest, ...registry } = config.registry;
  return registry;
}

/**
 * One mesh route per configured route: weighted versions, optional backup, multi-node aware. An
 * inference-pool route keeps its authorization in the mesh, naming its own gateway.
 */
export function fleetServedModels(config: FleetConfig, deployments: Readonly<Record<string, InferenceDeployment>>): ServedModelInput[] {
  return config.routes.flatMap((route) => {
    const primaryName = route.deployments[0]?.name;
    const primary = primaryName === undefined ? undefined : deployments[primaryName];
    const primaryConfig = config.deployments.find((d) => d.name === primaryName);
    if (primary === undefined || primaryConfig === undefined || primary.port === undefined) return [];
    const members = [...route.deployments.map((d) => d.name), ...(route.backup === undefined ? [] : [route.backup])];
    return [
      {
        name: route.name,
        namespace: config.namespace,
        deploymentName: primaryConfig.name,
        modelLabel: modelLabelValue(primaryConfig.model),
        port: primary.port,
        versions: route.deployments.map((d) => ({ name: config.deployments.find((c) => c.name === d.name)?.version ?? "v1", weight: d.weight })),
        backup: route.backup === undefined ? undefined : { deploymentName: route.backup },
        maxGenerationSeconds: route.maxGenerationSeconds,
        multiNode: members.some((member) => (deployments[member]?.plan.nodes ?? 1) > 1),
        hosts: route.hosts,
        tlsCredentialName: routeTlsSecretName(route),
        requireApiKey: route.requireApiKey,
        jwt: route.jwt,
        ...(routingOf(route) === "inference-pool" ? { inferenceGateway: meshGatewayOf(route.name) } : {}),
      },
    ];
  });
}

/** The routes to give InferenceGateway: those with `routing: inference-pool`, one pool per weighted deployment. */
function inferenceRouteInput(config: FleetConfig, route: RouteConfig, deployments: Readonly<Record<string, InferenceDeployment>>, modelClaimName: string) {
  const prefixCacheRouting = prefixCacheRoutingOf(route);
  return {
    name: route.name,
    namespace: config.namespace,
    hosts: route.hosts,
    tlsCredentialName: routeTlsSecretName(route),
    requireApiKey: route.requireApiKey ?? true,
    maxGenerationSeconds: route.maxGenerationSeconds ?? 600,
    pools: route.deployments.flatMap((member) => {
      const deployment = deployments[member.name];
      const fields = config.deployments.find((d) => d.name === member.name);
      // Other engines are refused on entry (src/stack/inferenceRouting.ts).
      if (deployment === undefined || fields === undefined || deployment.port === undefined || !isPickerEngine(fields.engine)) return [];
      return [
        {
          deploymentName: member.name,
          weight: member.weight,
          engine: fields.engine,
          port: deployment.port,
          multiNode: deployment.plan.nodes > 1,
          replicas: fields.replicas,
          modelLabel: modelLabelValue(fields.model),
          prefixCacheRouting,
          // Precise: the names the engine's KV events and the picker's tokenizer must agree on.
          ...(prefixCacheRouting === "precise"
            ? { servedModelName: fields.servedModelName ?? deployment.plan.model.id, tokenizerSource: { claimName: modelClaimName, modelDirectory: deployment.modelPath } }
            : {}),
        },
      ];
    }),
  };
}

/** The stack's inference-pool routes for InferenceGateway, or undefined when every route uses the mesh. */
export function fleetInferenceGateway(config: FleetConfig, deployments: Readonly<Record<string, InferenceDeployment>>, modelClaimName: string): InferenceGatewaySpecInput | undefined {
  const routes = config.routes.filter((route) => routingOf(route) === "inference-pool").map((route) => inferenceRouteInput(config, route, deployments, modelClaimName));
  if (routes.length === 0) return undefined;
  // In ARMS mode the pickers' metrics are read by ARMS's agent, like the engines' (src/stack/armsScraping.ts).
  const monitoring = config.monitoring.mode === "arms" ? { monitoring: { namespace: ARMS_AGENT_NAMESPACE, podLabels: {} } } : {};
  return { implementation: inferenceGatewayOf(config), routes, registry: fleetRegistry(config), ...monitoring };
}
