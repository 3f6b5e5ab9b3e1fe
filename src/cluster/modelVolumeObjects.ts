/**
 * Kubernetes objects for model storage as plain data: a static PersistentVolume (OSS or NAS CSI),
 * the ReadOnlyMany claim workloads mount, and the ServiceAccount the OSS fuse pod runs as.
 * No object carries a credential: OSS authenticates with RRSA, NAS by VPC access group.
 */
import type { KubernetesObject } from "../k8s/index.js";

/** The namespace where the OSS CSI driver runs its ossfs fuse pods (fixed by the driver). */
export const OSS_FUSE_NAMESPACE = "ack-csi-fuse";
export const OSS_CSI_DRIVER = "ossplugin.csi.alibabacloud.com";
export const NAS_CSI_DRIVER = "nasplugin.csi.alibabacloud.com";
/** Mount options ACK documents for NAS: no NLM locking, TCP, and a non-reserved source port for reconnects. */
export const NAS_MOUNT_OPTIONS = ["nolock", "tcp", "noresvport"] as const;

const STORAGE_LABEL = "llmfleet.io/storage";

export interface VolumeIdentity {
  /** `ModelStorage` name, set as the `llmfleet.io/storage` label. */
  readonly storageName: string;
  readonly persistentVolumeName: string;
  readonly capacityGiB: number;
}

export interface OssVolumeSource {
  readonly bucket: string;
  readonly endpoint: string;
  readonly path: string;
  readonly fuseType: "ossfs2" | "ossfs";
  readonly ramRoleName: string;
  readonly fuseServiceAccountName: string;
}

/** `Server` is opaque here: a string, or a value the Pulumi shell resolves later (a new mount target's domain). */
export interface NasVolumeSource<Server = string> {
  /** Mount target domain, e.g. `0a1b2c-xyz.cn-hangzhou.nas.aliyuncs.com`. */
  readonly server: Server;
  readonly path: string;
}

function labels(identity: VolumeIdentity): Record<string, string> {
  return { [STORAGE_LABEL]: identity.storageName, "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/managed-by": "pulumi" };
}

function persistentVolume(identity: VolumeIdentity, csi: Record<string, unknown>, extraSpec: Record<string, unknown> = {}, writable = false): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name: identity.persistentVolumeName, labels: { ...labels(identity), "alicloud-pvname": identity.persistentVolumeName } },
    spec: {
      capacity: { storage: `${identity.capacityGiB}Gi` },
      accessModes: [writable ? "ReadWriteMany" : "ReadOnlyMany"],
      // The weights outlive any one deployment; deleting the claim must never touch the bucket.
      persistentVolumeReclaimPolicy: "Retain",
      // Empty class: bind only to the claim that names this volume, never to a dynamic provisioner.
      storageClassName: "",
      csi: { volumeHandle: identity.persistentVolumeName, readOnly: !writable, ...csi },
      ...extraSpec,
    },
  };
}

function ossCsi(source: OssVolumeSource, extraAttributes: Readonly<Record<string, string>> = {}): Record<string, unknown> {
  return {
    driver: OSS_CSI_DRIVER,
    volumeAttributes: {
      bucket: source.bucket,
      url: source.endpoint,
      path: source.path,
      fuseType: source.fuseType,
      authType: "rrsa",
      roleName: source.ramRoleName,
      serviceAccountName: source.fuseServiceAccountName,
      ...extraAttributes,
    },
  };
}

/** Static OSS volume mounted through ossfs with RRSA (`authType: rrsa`): the fuse pod assumes `ramRoleName`. */
export function ossPersistentVolume(identity: VolumeIdentity, source: OssVolumeSource): KubernetesObject {
  return persistentVolume(identity, ossCsi(source));
}

/**
 * The one writable view of the bucket: a model folder (`source.path`) for its fetch Job, through
 * ossfs 1.x, which supports the random writes and renames the hub downloaders make (ossfs2 is for
 * sequential reads), with its own RRSA role that may write only that prefix.
 */
export function ossWriterPersistentVolume(identity: VolumeIdentity, source: OssVolumeSource): KubernetesObject {
  // ossfs presents objects as root-owned 0755 by default; the downloader runs as a non-root user.
  // `otherOpts` passes ossfs mount options (ACK "Use a statically provisioned ossfs 1.0 volume").
  return persistentVolume(identity, ossCsi(source, { otherOpts: "-o allow_other -o umask=000" }), {}, true);
}

/** The claim a fetch Job writes through; it binds to exactly the given writer volume. */
export function writerVolumeClaim(identity: VolumeIdentity, claim: { readonly name: string; readonly namespace: string }): KubernetesObject {
  return modelVolumeClaim(identity, claim, "ReadWriteMany");
}

/** Static NAS volume over NFSv3. */
export function nasPersistentVolume<Server>(identity: VolumeIdentity, source: NasVolumeSource<Server>): KubernetesObject {
  return persistentVolume(
    identity,
    { driver: NAS_CSI_DRIVER, volumeAttributes: { server: source.server, path: source.path, vers: "3" } },
    { mountOptions: [...NAS_MOUNT_OPTIONS] },
  );
}

/** The claim workloads mount; it binds to exactly the given volume. */
export function modelVolumeClaim(
  identity: VolumeIdentity,
  claim: { readonly name: string; readonly namespace: string },
  accessMode: "ReadOnlyMany" | "ReadWriteMany" = "ReadOnlyMany",
): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: claim.name, namespace: claim.namespace, labels: labels(identity) },
    spec: {
      accessModes: [accessMode],
      resources: { requests: { storage: `${identity.capacityGiB}Gi` } },
      storageClassName: "",
      volumeName: identity.persistentVolumeName,
    },
  };
}

/**
 * The ServiceAccount the ossfs fuse pod of this volume runs as: the only subject the RAM role trusts.
 * RRSA mounts its own projected OIDC token, so the Kubernetes API token is not mounted.
 */
export function ossFuseServiceAccount(identity: VolumeIdentity, name: string): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name, namespace: OSS_FUSE_NAMESPACE, labels: labels(identity) },
    automountServiceAccountToken: false,
  };
}
