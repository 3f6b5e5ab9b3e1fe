/**
 * `llmfleet:index:BatchOutput`: where a batch deployment writes its results — an OSS prefix mounted
 * read-write through ossfs with RRSA. Its RAM role may write only under that prefix and is trusted
 * by exactly this output's ossfs ServiceAccount: separate from the model storage's read-only role,
 * so serving never gets write access. The deployment's pods mount the claim `<deploymentName>-results`.
 */
import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ossPrefixWriterPolicy, outputFuseServiceAccount, outputPersistentVolume, outputVolumeClaim, planBatchOutput } from "../src/batch/index.js";
import { OSS_FUSE_NAMESPACE, rrsaTrustPolicy } from "../src/cluster/index.js";
import type { ChildOptions } from "./clusterNetwork.js";
import { validateArgs } from "./inputErrors.js";
import { kubernetesArgs } from "./kubernetesArgs.js";
import { providerFor } from "./providers.js";

const TYPE = "llmfleet:index:BatchOutput";

export interface BatchOutputArgs {
  /** The deployment whose job writes here (its `name`). */
  deploymentName: string;
  /** Namespace of the deployment. Default `llm-serving`. */
  namespace?: string;
  /** `oss://<bucket>/<prefix>/`: the deployment's `batchJob.output`. */
  output: string;
  /** Region of the bucket, e.g. `cn-hangzhou`. */
  region: string;
  /** RRSA OIDC provider ARN of the cluster (`AckCluster.rrsaOidcProviderArn`). */
  oidcProviderArn: pulumi.Input<string>;
  /** RRSA issuer URL of the cluster (`AckCluster.rrsaOidcIssuerUrl`). */
  oidcIssuerUrl: pulumi.Input<string>;
  /** RAM role name, unique in the account. Default `llmfleet-<deploymentName>-results-writer`. */
  ramRoleName?: string;
  /** UID the job's pods run as (`image.runAsUser`); the mounted files are theirs. Default root. */
  writerUid?: number;
  /** Nominal PV/PVC size in GiB. Default 1024. */
  capacityGiB?: number;
  alicloudProvider?: alicloud.Provider;
  kubernetesProvider?: k8s.Provider;
}

export class BatchOutput extends pulumi.ComponentResource {
  /** Claim the deployment's batch pods mount at `/results`. */
  readonly claimName: string;
  /** ARN of the writer role. */
  readonly ramRoleArn: pulumi.Output<string>;

  constructor(name: string, args: BatchOutputArgs, opts?: pulumi.ComponentResourceOptions) {
    const { alicloudProvider, kubernetesProvider, ...settings } = args;
    const { names, volume } = validateArgs(TYPE, () => planBatchOutput(settings));
    super(TYPE, name, {}, opts);
    const cloud: ChildOptions = { parent: this, provider: providerFor(this, "alicloud", alicloudProvider) };
    const cluster: ChildOptions = { parent: this, provider: providerFor(this, "kubernetes", kubernetesProvider) };

    const subject = { namespace: OSS_FUSE_NAMESPACE, name: names.fuseServiceAccountName };
    const role = new alicloud.ram.Role(
      `${name}-writer`,
      {
        roleName: names.ramRoleName,
        description: `Writes batch results under oss://${volume.location.bucket}/${volume.location.prefix} for llmfleet`,
        assumeRolePolicyDocument: pulumi
          .all([args.oidcProviderArn, args.oidcIssuerUrl])
          .apply(([providerArn, issuerUrl]) => JSON.stringify(rrsaTrustPolicy(providerArn, issuerUrl, subject))),
      },
      cloud,
    );
    const policy = new alicloud.ram.Policy(`${name}-write`, { policyName: `${names.ramRoleName}-write`, policyDocument: JSON.stringify(ossPrefixWriterPolicy(volume.location)) }, cloud);
    const attachment = new alicloud.ram.RolePolicyAttachment(`${name}-write`, { roleName: role.roleName, policyName: policy.policyName, policyType: "Custom" }, cloud);
    const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-ossfs`, kubernetesArgs(outputFuseServiceAccount(volume)), cluster);
    const persistentVolume = new k8s.core.v1.PersistentVolume(`${name}-pv`, kubernetesArgs(outputPersistentVolume(volume)), { ...cluster, dependsOn: [attachment, serviceAccount] });
    // A static claim binds at once; waiting for a consumer pod would only stall the deployment.
    new k8s.core.v1.PersistentVolumeClaim(`${name}-pvc`, kubernetesArgs(outputVolumeClaim(volume)), { ...cluster, dependsOn: [persistentVolume], customTimeouts: { create: "5m" } });

    this.claimName = names.claimName;
    this.ramRoleArn = role.arn;
    this.registerOutputs({ claimName: this.claimName, ramRoleArn: this.ramRoleArn });
  }
}
