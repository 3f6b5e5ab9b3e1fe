/**
 * `llmfleet:index:ModelStorage`: where model weights live, mounted read-only into the cluster as a
 * static PersistentVolume and a ReadOnlyMany claim. OSS goes through the OSS CSI driver with RRSA
 * (a RAM role only this volume's ossfs ServiceAccount can assume; no AccessKey anywhere); NAS
 * through the NAS CSI driver.
 */
import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
  modelVolumeClaim,
  nasPersistentVolume,
  ossFuseServiceAccount,
  ossPersistentVolume,
  ossPrefixWriterPolicy,
  ossReadOnlyPolicy,
  OSS_FUSE_NAMESPACE,
  planModelStorage,
  rrsaTrustPolicy,
  type ModelStoragePlan,
  type ModelVolume,
  type NasSource,
  type OssSource,
} from "../src/cluster/index.js";
import { LlmfleetError } from "../src/errors/index.js";
import type { KubernetesObject } from "../src/k8s/index.js";
import type { RegistryMirror } from "../src/registry/index.js";
import { fetchNames, fetchPrefix, pinnedRevision, weightsFetchObjects, type FetchTarget, type WeightsFetch } from "../src/weights/index.js";
import type { ImageRef } from "../src/workload/index.js";
import { engineDefinition } from "../src/engines/index.js";
import { applyObject } from "./kubernetesObjects.js";
import type { ChildOptions } from "./clusterNetwork.js";
import { deprecatedProvider } from "./deprecations.js";
import { validateArgs } from "./inputErrors.js";
import { kubernetesArgs } from "./kubernetesArgs.js";
import { providerFor } from "./providers.js";

const TYPE = "llmfleet:index:ModelStorage";

/** The vLLM image ships `modelscope` and `huggingface_hub` (vllm docker/Dockerfile, stage vllm-openai). */
function defaultFetchImage(): ImageRef {
  const image = engineDefinition("vllm").defaultImage;
  if (image === null) throw new Error("the vllm engine has no default image to fetch weights with");
  return image;
}

export interface OssModelStoreArgs {
  /** Bucket name. */
  bucket: string;
  /** Create the bucket (versioned, server-side encrypted) instead of using an existing one. Default false. */
  createBucket?: boolean;
  /** Region of the bucket, e.g. `cn-hangzhou`; it is read through the internal endpoint. */
  region: string;
  /** Prefix inside the bucket to mount, e.g. `/models`. Default `/`. */
  path?: string;
  /** ossfs client; `ossfs2` reads large files sequentially much faster. Default `ossfs2`. */
  fuseType?: "ossfs2" | "ossfs";
  /** RRSA OIDC provider ARN of the cluster (`AckCluster.rrsaOidcProviderArn`). */
  oidcProviderArn: pulumi.Input<string>;
  /** RRSA issuer URL of the cluster (`AckCluster.rrsaOidcIssuerUrl`). */
  oidcIssuerUrl: pulumi.Input<string>;
  /** RAM role name, unique in the account (set it when several stacks share one). Default `llmfleet-<storageName>-oss-reader`. */
  ramRoleName?: string;
  /** ServiceAccount (in `ack-csi-fuse`) the ossfs pod runs as; the only subject the role trusts. Default `<storageName>-ossfs`. */
  fuseServiceAccountName?: string;
}

export interface NasModelStoreArgs {
  /** Mount target domain of an existing file system. Default: create a file system and mount target. */
  mountTargetDomain?: pulumi.Input<string>;
  /** VPC of a new mount target (`AckCluster.vpcId`). */
  vpcId?: pulumi.Input<string>;
  /** vSwitch of a new mount target (one of `AckCluster.nodeVswitchIds`). */
  vswitchId?: pulumi.Input<string>;
  /** General-purpose NAS storage type of a new file system. Default `Performance`. */
  storageType?: "Performance" | "Capacity" | "Premium";
  /** Directory to mount. Default `/`. */
  path?: string;
}

export interface ModelStorageArgs {
  /** Name of the storage, used in the claim and PV names (DNS label, ≤ 40 characters). Default: the component name. */
  storageName?: string;
  /** Namespace of the claim: the serving namespace. Default `llm-serving`. */
  namespace?: string;
  /** Where workloads mount the weights. Default `/models`. */
  mountPath?: string;
  /** Model directory inside the volume. Default `` (the volume root). */
  subPath?: string;
  /** Nominal PV/PVC size in GiB (OSS and NAS do not enforce it). Default 1024. */
  capacityGiB?: number;
  /** Sustained read throughput in MiB/s, to size startup probes. Default: a conservative planning value per store. */
  readThroughputMiBps?: number;
  /** Read weights from OSS. Exactly one of `oss` and `nas`. */
  oss?: OssModelStoreArgs;
  /** Read weights from NAS. Exactly one of `oss` and `nas`. */
  nas?: NasModelStoreArgs;
  /** Alibaba Cloud provider for the bucket, RAM role and NAS. Default: `opts.providers`, else the stack default. */
  alicloudProvider?: alicloud.Provider;
  /** Kubernetes provider of the cluster (`AckCluster.kubernetesProvider`). Default: `opts.providers`, else the stack default. */
  kubernetesProvider?: k8s.Provider;
  /** @deprecated use `kubernetesProvider`. */
  k8sProvider?: k8s.Provider;
  /** `protect` on a created bucket (it always has `retainOnDelete`: the weights in it took hours to upload). Default false. */
  protect?: boolean;
  /**
   * Models to download from a hub into `<bucket>/<folder>/` (OSS only): one Job each, with a RAM role
   * that may write only that folder (docs/weights.md). `LlmFleet` passes the deployments' remote
   * `modelSource`s. Default none.
   */
  fetches?: readonly WeightsFetch[];
  /** Image with the `modelscope` CLI and the `huggingface_hub` library. Default the pinned vllm/vllm-openai, which ships both. */
  fetchImage?: ImageRef;
  /** Pull the fetch image from this mirror. Default: the image as given. */
  registry?: RegistryMirror;
}

export class ModelStorage extends pulumi.ComponentResource {
  /** What `InferenceDeployment` mounts; plain data, known before deployment. */
  readonly volume: ModelVolume;
  /** ARN of the RAM role the OSS volume's ossfs pod assumes; undefined for NAS. */
  readonly ramRoleArn: pulumi.Output<string> | undefined;

  constructor(name: string, args: ModelStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    const { alicloudProvider, kubernetesProvider, k8sProvider, protect = false, fetches = [], fetchImage, registry, ...settings } = args;
    const plan = validateArgs(TYPE, () => {
      const planned = planModelStorage({ storageName: name, ...settings });
      if (planned.source.kind !== "oss" && fetches.length > 0) {
        throw new LlmfleetError("fetches", fetches.map((f) => f.folder).join(", "), "fetching weights needs OSS storage: the fetch Job writes through an OSS volume with a RAM role scoped to the model's folder", "use oss, or copy the checkpoints to NAS yourself");
      }
      return planned;
    });
    super(TYPE, name, {}, opts);
    const cloud: ChildOptions = { parent: this, provider: providerFor(this, "alicloud", alicloudProvider) };
    const cluster: ChildOptions = { parent: this, provider: providerFor(this, "kubernetes", deprecatedProvider(this, "k8sProvider", "kubernetesProvider", k8sProvider, kubernetesProvider)) };

    let persistentVolume: pulumi.Resource;
    if (plan.source.kind === "oss") {
      const oss = required(args.oss, "oss");
      const role = createOssReaderRole(name, plan.source, oss, cloud, protect);
      const serviceAccount = new k8s.core.v1.ServiceAccount(
        `${name}-ossfs`,
        kubernetesArgs(ossFuseServiceAccount(plan, plan.source.fuseServiceAccountName)),
        { ...cluster },
      );
      persistentVolume = createPersistentVolume(name, ossPersistentVolume(plan, plan.source), { ...cluster, dependsOn: [role.attachment, serviceAccount] });
      this.ramRoleArn = role.arn;
      const target = { storageName: plan.storageName, namespace: plan.namespace, bucket: plan.source.bucket, endpoint: plan.source.endpoint, path: plan.source.path, image: fetchImage ?? defaultFetchImage(), registry, capacityGiB: plan.capacityGiB };
      for (const fetch of fetches) createWeightsFetch(name, fetch, target, oss, { cloud, cluster: { ...cluster, dependsOn: role.bucket } });
    } else {
      const server = nasServer(name, plan.source, required(args.nas, "nas"), cloud);
      persistentVolume = createPersistentVolume(name, nasPersistentVolume(plan, { server, path: plan.source.path }), { ...cluster, dependsOn: [] });
      this.ramRoleArn = undefined;
    }
    createClaim(name, plan, { ...cluster, dependsOn: [persistentVolume] });
    this.volume = plan.volume;
    this.registerOutputs({ volume: this.volume, ramRoleArn: this.ramRoleArn });
  }
}

/** Args the plan's source implies are present; their absence is a bug in planModelStorage. */
function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new Error(`planModelStorage chose a source that needs ${field}, which is missing`);
  return value;
}

/** The bucket (when created) and a RAM role that reads it, trusted by exactly the volume's ossfs ServiceAccount. */
function createOssReaderRole(name: string, source: OssSource, oss: OssModelStoreArgs, opts: ChildOptions, protect: boolean) {
  const created = source.createBucket
    ? new alicloud.oss.Bucket(
        `${name}-bucket`,
        { bucket: source.bucket, versioning: { status: "Enabled" }, serverSideEncryptionRule: { sseAlgorithm: "AES256" } },
        // Kept in the cloud whatever happens to the stack: the weights in it took hours to upload.
        { ...opts, protect, retainOnDelete: true },
      )
    : undefined;
  const bucketResource: pulumi.Resource[] = created === undefined ? [] : [created];
  const bucket = created?.bucket ?? pulumi.output(source.bucket);
  const subject = { namespace: OSS_FUSE_NAMESPACE, name: source.fuseServiceAccountName };
  const role = new alicloud.ram.Role(
    `${name}-oss-reader`,
    {
      roleName: source.ramRoleName,
      description: `Reads model weights from oss://${source.bucket}${source.path} for llmfleet`,
      assumeRolePolicyDocument: pulumi
        .all([oss.oidcProviderArn, oss.oidcIssuerUrl])
        .apply(([providerArn, issuerUrl]) => JSON.stringify(rrsaTrustPolicy(providerArn, issuerUrl, subject))),
    },
    { ...opts },
  );
  const policy = new alicloud.ram.Policy(
    `${name}-oss-read`,
    { policyName: `${source.ramRoleName}-read`, policyDocument: bucket.apply((bucketName) => JSON.stringify(ossReadOnlyPolicy(bucketName, source.path))) },
    { ...opts },
  );
  const attachment = new alicloud.ram.RolePolicyAttachment(
    `${name}-oss-read`,
    { roleName: role.roleName, policyName: policy.policyName, policyType: "Custom" },
    { ...opts },
  );
  return { arn: role.arn, attachment, bucket: bucketResource };
}

/**
 * One model's fetch: a RAM role that only the fetch's ossfs ServiceAccount can assume and that may
 * write only the model's folder (separate from the read-only serving role), then the writer
 * volume, the Job and its NetworkPolicy. RRSA trust as ACK documents it for the OSS CSI driver
 * (`authType: rrsa`, the role trusting `system:serviceaccount:ack-csi-fuse:<sa>`); the role and
 * policy arguments as the alicloud provider documents `alicloud_ram_role` and `alicloud_ram_policy`.
 */
function createWeightsFetch(
  name: string,
  fetch: WeightsFetch,
  target: FetchTarget,
  oss: OssModelStoreArgs,
  opts: { cloud: ChildOptions; cluster: ChildOptions & { dependsOn: pulumi.Resource[] } },
): void {
  const names = fetchNames(target, fetch.folder);
  const prefix = fetchPrefix(target, fetch.folder);
  const subject = { namespace: OSS_FUSE_NAMESPACE, name: names.fuseServiceAccount };
  const role = new alicloud.ram.Role(
    `${name}-fetch-${names.slug}`,
    {
      roleName: names.ramRole,
      description: `Writes ${fetch.source.repo}@${pinnedRevision(fetch.source)} into oss://${target.bucket}${prefix} for llmfleet`,
      assumeRolePolicyDocument: pulumi
        .all([oss.oidcProviderArn, oss.oidcIssuerUrl])
        .apply(([providerArn, issuerUrl]) => JSON.stringify(rrsaTrustPolicy(providerArn, issuerUrl, subject))),
    },
    { ...opts.cloud },
  );
  const policy = new alicloud.ram.Policy(
    `${name}-fetch-${names.slug}`,
    { policyName: `${names.ramRole}-write`, policyDocument: JSON.stringify(ossPrefixWriterPolicy(target.bucket, prefix)) },
    { ...opts.cloud },
  );
  const attachment = new alicloud.ram.RolePolicyAttachment(
    `${name}-fetch-${names.slug}`,
    { roleName: role.roleName, policyName: policy.policyName, policyType: "Custom" },
    { ...opts.cloud },
  );
  let previous: pulumi.Resource[] = [...opts.cluster.dependsOn, attachment];
  for (const object of weightsFetchObjects(fetch, target)) {
    // In order: the writer volume binds before the Job's pod mounts it.
    const created = applyObject(`${name}-fetch`, object, { ...opts.cluster, dependsOn: previous });
    previous = [created];
  }
}

/** The mount target domain: the given one, or that of a new file system's mount target. */
function nasServer(name: string, source: NasSource, nas: NasModelStoreArgs, opts: ChildOptions): pulumi.Output<string> {
  if (!source.createFileSystem) return pulumi.output(required(nas.mountTargetDomain, "nas.mountTargetDomain"));
  const fileSystem = new alicloud.nas.FileSystem(
    `${name}-nas`,
    { protocolType: "NFS", fileSystemType: "standard", storageType: source.storageType, description: `llmfleet model storage ${name}` },
    { ...opts },
  );
  const mountTarget = new alicloud.nas.MountTarget(
    `${name}-nas`,
    { fileSystemId: fileSystem.id, vpcId: nas.vpcId, vswitchId: nas.vswitchId, networkType: "Vpc", accessGroupName: "DEFAULT_VPC_GROUP_NAME" },
    { ...opts },
  );
  return mountTarget.mountTargetDomain;
}

function createPersistentVolume(name: string, object: KubernetesObject, opts: ChildOptions & { dependsOn: pulumi.Resource[] }): k8s.core.v1.PersistentVolume {
  return new k8s.core.v1.PersistentVolume(`${name}-pv`, kubernetesArgs(object), opts);
}

function createClaim(name: string, plan: ModelStoragePlan, opts: ChildOptions & { dependsOn: pulumi.Resource[] }): k8s.core.v1.PersistentVolumeClaim {
  const claim = modelVolumeClaim(plan, { name: plan.volume.claimName, namespace: plan.namespace });
  // A static claim binds at once; waiting for a consumer pod would only stall the deployment.
  return new k8s.core.v1.PersistentVolumeClaim(`${name}-pvc`, kubernetesArgs(claim), { ...opts, customTimeouts: { create: "5m" } });
}
