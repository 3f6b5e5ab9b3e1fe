/**
 * The output location of a batch job as plain data: the RAM policy of its writer role, the static
 * read-write OSS PersistentVolume, its ReadWriteMany claim, and the ServiceAccount of its ossfs pod.
 * Separate from the read-only model volume (src/cluster/modelVolumeObjects.ts): serving never
 * gets write access, and a batch job writes only under its own prefix.
 */
import { OSS_CSI_DRIVER, OSS_FUSE_NAMESPACE } from "../cluster/modelVolumeObjects.js";
import type { RamPolicyDocument } from "../cluster/rrsaPolicy.js";
import type { KubernetesObject } from "../k8s/types.js";
import type { BatchOutputNames, OssPrefix } from "./outputLocation.js";

/**
 * Writing results under one prefix: list the bucket only under the prefix (`oss:Prefix` condition),
 * and read, write, delete (ossfs renames by copy + delete, which the script's atomic rename needs)
 * and multipart-upload objects under it. Nothing else in the bucket is reachable.
 */
export function ossPrefixWriterPolicy(location: OssPrefix): RamPolicyDocument {
  const objects = `acs:oss:*:*:${location.bucket}/${location.prefix}*`;
  return {
    Version: "1",
    Statement: [
      { Effect: "Allow", Action: ["oss:ListObjects"], Resource: [`acs:oss:*:*:${location.bucket}`], Condition: { StringLike: { "oss:Prefix": `${location.prefix}*` } } },
      {
        Effect: "Allow",
        Action: ["oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:GetObjectMeta", "oss:AbortMultipartUpload", "oss:ListParts"],
        Resource: [objects],
      },
    ],
  };
}

export interface BatchOutputVolume {
  readonly names: BatchOutputNames;
  readonly location: OssPrefix;
  readonly namespace: string;
  /** Internal endpoint of the bucket's region, e.g. `oss-cn-hangzhou-internal.aliyuncs.com`. */
  readonly endpoint: string;
  readonly labels: Readonly<Record<string, string>>;
  /** Nominal size; OSS does not enforce it. */
  readonly capacityGiB: number;
  /** UID the writing pods run as (the image's runAsUser); undefined: root. */
  readonly writerUid: number | undefined;
}

/**
 * FUSE mounts belong to root: `allow_other` lets the pods' user in, and `uid`/`gid` make the files
 * theirs so a non-root rank can create and rename its part files (ossfs options, OSS "Configure
 * mount point permissions" and "Common options"; ACK passes them through the PV's `otherOpts`).
 */
function mountOptions(writerUid: number | undefined): string {
  return writerUid === undefined ? "-o allow_other" : `-o allow_other -o uid=${writerUid} -o gid=${writerUid}`;
}

/** Static OSS volume mounted read-write through ossfs 1.0 with RRSA (`authType: rrsa`, `roleName`). */
export function outputPersistentVolume(volume: BatchOutputVolume): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: volume.names.persistentVolumeName, labels: { ...volume.labels, "alicloud-pvname": volume.names.persistentVolumeName } },
    spec: {
      capacity: { storage: `${volume.capacityGiB}Gi` },
      accessModes: ["ReadWriteMany"],
      // Results outlive the job: deleting the claim must never touch the bucket.
      persistentVolumeReclaimPolicy: "Retain",
      storageClassName: "",
      csi: {
        driver: OSS_CSI_DRIVER,
        volumeHandle: volume.names.persistentVolumeName,
        volumeAttributes: {
          bucket: volume.location.bucket,
          url: volume.endpoint,
          path: `/${volume.location.prefix.replace(/\/$/, "")}`,
          fuseType: "ossfs",
          authType: "rrsa",
          roleName: volume.names.ramRoleName,
          serviceAccountName: volume.names.fuseServiceAccountName,
          otherOpts: mountOptions(volume.writerUid),
        },
      },
    },
  };
}

export function outputVolumeClaim(volume: BatchOutputVolume): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: volume.names.claimName, namespace: volume.namespace, labels: { ...volume.labels } },
    spec: {
      accessModes: ["ReadWriteMany"],
      resources: { requests: { storage: `${volume.capacityGiB}Gi` } },
      storageClassName: "",
      volumeName: volume.names.persistentVolumeName,
    },
  };
}

/** RRSA mounts its own projected token into the ossfs pod, so the Kubernetes API token is not mounted. */
export function outputFuseServiceAccount(volume: BatchOutputVolume): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: volume.names.fuseServiceAccountName, namespace: OSS_FUSE_NAMESPACE, labels: { ...volume.labels } },
    automountServiceAccountToken: false,
  };
}
