/** One `BatchOutput` per fleet deployment whose `batchJob.output` names an OSS prefix. */
import type * as alicloud from "@pulumi/alicloud";
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { stackWriterRoleName } from "../src/batch/index.js";
import type { FleetConfig, StackResourceNames } from "../src/stack/index.js";
import type { AckCluster } from "./AckCluster.js";
import { BatchOutput } from "./BatchOutput.js";

export interface BatchOutputOptions {
  readonly parent: pulumi.Resource;
  readonly alicloudProvider: alicloud.Provider;
  readonly kubernetesProvider: k8s.Provider;
  readonly dependsOn: readonly pulumi.Resource[];
}

/** The output components by deployment name: what the deployment's pods wait for. */
export function fleetBatchOutputs(name: string, config: FleetConfig, cluster: AckCluster, names: StackResourceNames, opts: BatchOutputOptions): Map<string, pulumi.Resource[]> {
  const outputs = new Map<string, pulumi.Resource[]>();
  for (const deployment of config.deployments) {
    const output = deployment.batchJob?.output;
    if (output === undefined) continue;
    const component = new BatchOutput(
      `${name}-${deployment.name}-results`,
      {
        deploymentName: deployment.name,
        namespace: config.namespace,
        output,
        region: config.region,
        oidcProviderArn: cluster.rrsaOidcProviderArn,
        oidcIssuerUrl: cluster.rrsaOidcIssuerUrl,
        ramRoleName: stackWriterRoleName(names.clusterName, deployment.name),
        ...(typeof deployment.image === "object" && deployment.image.runAsUser !== undefined ? { writerUid: deployment.image.runAsUser } : {}),
        alicloudProvider: opts.alicloudProvider,
        kubernetesProvider: opts.kubernetesProvider,
      },
      { parent: opts.parent, dependsOn: [...opts.dependsOn] },
    );
    outputs.set(deployment.name, [component]);
  }
  return outputs;
}
