/**
 * How a validated fleet configuration maps onto Monitoring's arguments: thresholds, the deployments
 * whose readiness is watched (each with its own startup budget), and the receivers with their
 * credentials read from the stack's secret configuration.
 */
import type * as alicloud from "@pulumi/alicloud";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { ModelVolume } from "../src/cluster/types.js";
import { runsAsBatch } from "../src/batch/index.js";
import { engineDefinition } from "../src/engines/index.js";
import { type FieldLocator, LlmfleetError } from "../src/errors/index.js";
import { readinessBudgetSeconds, receiverSecretPurpose, type WatchedDeployment } from "../src/monitoring/index.js";
import type { FleetConfig, FleetPlans } from "../src/stack/index.js";
import { workloadName } from "../src/workload/shape.js";
import { fleetRegistry } from "./fleetArgs.js";
import type { MonitoringArgs } from "./Monitoring.js";

/** Reads a secret value of the stack's Pulumi configuration (namespace `llmfleet`) by key. */
export type SecretConfigReader = (key: string) => pulumi.Output<string> | undefined;

/** Serving deployments (not batch jobs) with the time their replicas may take to become Ready. */
export function watchedDeployments(config: FleetConfig, plans: FleetPlans, volume: Pick<ModelVolume, "readThroughputMiBps">): WatchedDeployment[] {
  return config.deployments.flatMap((deployment): WatchedDeployment[] => {
    const plan = plans.deployments.get(deployment.name);
    if (plan === undefined || runsAsBatch(deployment)) return [];
    const workload = plan.nodes > 1 ? "LeaderWorkerSet" : "Deployment";
    return [
      {
        name: deployment.name,
        namespace: config.namespace,
        version: deployment.version,
        workload,
        workloadName: workloadName(deployment, workload),
        readinessBudgetSeconds: readinessBudgetSeconds({
          weightBytes: plan.model.weightBytes,
          readThroughputMiBps: volume.readThroughputMiBps,
          nodes: plan.nodes,
          checkpointReads: engineDefinition(deployment.engine).checkpointReadsPerGroup(plan),
        }),
      },
    ];
  });
}

/**
 * Each receiver's credential, read from the secret config key the stack names for it.
 *
 * @throws LlmfleetError naming `config.monitoring.alerting.receivers[i].secretConfigKey` when the key is not set
 */
export function receiverSecrets(config: FleetConfig, readSecret: SecretConfigReader | undefined, locate: FieldLocator): Record<string, pulumi.Output<string>> {
  return Object.fromEntries(
    config.monitoring.alerting.receivers.flatMap((receiver, index) => {
      const purpose = receiverSecretPurpose(receiver);
      const key = receiver.secretConfigKey;
      if (purpose === undefined || key === undefined) return [];
      const field = locate(`monitoring.alerting.receivers[${index}].secretConfigKey`);
      const value = readSecret?.(key);
      if (value === undefined) {
        throw new LlmfleetError(field, key, `the Pulumi config key llmfleet:${key}, which should hold ${purpose} for receiver ${receiver.name}, is not set`, `run \`pulumi config set --secret ${key} <value>\` for this stack`);
      }
      return [[receiver.name, value] as const];
    }),
  );
}

export interface FleetMonitoringInputs {
  readonly plans: FleetPlans;
  readonly volume: Pick<ModelVolume, "readThroughputMiBps">;
  readonly secrets: Readonly<Record<string, pulumi.Output<string>>>;
  /** An Istio ingress gateway fronts the routes. */
  readonly meshGateway: boolean;
  /** The endpoint pickers of `routing: inference-pool` routes, one per InferencePool. */
  readonly endpointPickers: readonly { namespace: string; inferencePool: string }[];
  readonly clusterId: pulumi.Input<string>;
  readonly kubernetesProvider: k8s.Provider;
  readonly alicloudProvider: alicloud.Provider;
}

export function fleetMonitoringArgs(config: FleetConfig, inputs: FleetMonitoringInputs): MonitoringArgs {
  const mode = config.monitoring.mode === "arms" ? "arms" : "kube-prometheus-stack";
  return {
    mode,
    servingNamespaces: [config.namespace],
    ttftSloSeconds: config.monitoring.ttftSloSeconds,
    interTokenLatencySloSeconds: config.monitoring.interTokenLatencySloSeconds,
    istioMtls: config.mesh.mode !== "none",
    // ARMS's agent has no mesh certificate: it reads injected engines through Istio's metrics merging.
    mergedMetrics: mode === "arms" && config.mesh.mode === "istio",
    meshGateway: inputs.meshGateway,
    endpointPickers: [...inputs.endpointPickers],
    deployments: watchedDeployments(config, inputs.plans, inputs.volume),
    // Serving alerts and dashboards for each engine the fleet runs (none for a batch-only fleet).
    engines: [...new Set(config.deployments.filter((deployment) => !runsAsBatch(deployment)).map((deployment) => deployment.engine))],
    // The stack-file field that names the config key is the fleet's business, not Monitoring's.
    alerting: { receivers: config.monitoring.alerting.receivers.map(({ secretConfigKey: _key, ...receiver }) => receiver) },
    receiverSecrets: inputs.secrets,
    arms: mode === "arms" ? { clusterId: inputs.clusterId } : undefined,
    registry: fleetRegistry(config),
    kubernetesProvider: inputs.kubernetesProvider,
    alicloudProvider: inputs.alicloudProvider,
  };
}
