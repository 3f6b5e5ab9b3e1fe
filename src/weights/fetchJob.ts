/**
 * The objects of one weights fetch (one model and revision, shared by every deployment that serves
 * it): the ServiceAccount the Job runs as, the Job on the system pool (no GPU), the NetworkPolicy
 * that lets only its pods reach the hub, and the writable OSS volume of the model's folder (its own
 * ossfs ServiceAccount, which the writer RAM role trusts). Plain data; `ModelStorage` creates them.
 */
import { ossFuseServiceAccount, ossWriterPersistentVolume, writerVolumeClaim, type OssVolumeSource, type VolumeIdentity } from "../cluster/index.js";
import type { KubernetesObject } from "../k8s/index.js";
import { mirroredImage, type RegistryMirror } from "../registry/index.js";
import { imageReference, type ImageRef } from "../workload/images.js";
import { containerSecurityContext, podSecurityContext } from "../workload/securityContext.js";
import { fetchScript, WRITER_MOUNT_PATH } from "./fetchScript.js";
import { folderSlug, pinnedRevision, type RemoteModelSource } from "./layout.js";

/** A model and revision to fetch, and who waits for it. */
export interface WeightsFetch {
  /** Folder in the bucket, `<model>@<revision>`. */
  readonly folder: string;
  readonly source: RemoteModelSource;
  /** Deployments whose pods wait for the folder's marker. */
  readonly deployments: readonly string[];
}

/** Where fetched weights go and what the Job runs with. */
export interface FetchTarget {
  readonly storageName: string;
  /** Serving namespace: the Job, its ServiceAccount, claim and NetworkPolicy. */
  readonly namespace: string;
  readonly bucket: string;
  /** Internal OSS endpoint, e.g. `oss-cn-beijing-internal.aliyuncs.com`. */
  readonly endpoint: string;
  /** Mounted prefix of the serving volume (`/`): the folder lives under it. */
  readonly path: string;
  /** The hub CLIs' image (default the pinned vllm/vllm-openai, which ships both). */
  readonly image: ImageRef;
  readonly registry?: RegistryMirror | undefined;
  readonly capacityGiB: number;
}

/** UID the downloader runs as: the CLIs need no root, and the writer mount is owned by it. */
export const FETCH_UID = 1000;
/** A day: the largest checkpoints (≈ 700 GB) take hours from a hub. */
export const FETCH_DEADLINE_SECONDS = 86_400;
const FETCH_RESOURCES = { cpu: "2", memory: "8Gi", "ephemeral-storage": "20Gi" } as const;

/** RFC 1918 and Alibaba's 100.64/10 service range: the hub is on the internet, nothing inside the VPC is. */
const PRIVATE_RANGES = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] as const;

/** Names of one fetch's objects; every one carries the folder's slug, so a new revision gets new ones. */
export interface FetchNames {
  readonly slug: string;
  readonly job: string;
  readonly serviceAccount: string;
  readonly claim: string;
  readonly persistentVolume: string;
  readonly fuseServiceAccount: string;
  /** RAM role names are ≤ 64 characters and unique in the account. */
  readonly ramRole: string;
}

/** The Job's name: the folder's slug, so the serving pods' wait message can name it. */
/**
 * The Job's name: the folder's slug, so the serving pods' wait message can name it. ≤ 56
 * characters, leaving room for the suffix the Job controller adds to its pods' names.
 */
export function fetchJobName(folder: string): string {
  return `fetch-${folderSlug(folder, 50)}`;
}

export function fetchNames(target: Pick<FetchTarget, "storageName">, folder: string): FetchNames {
  const slug = folderSlug(folder, 50);
  // The volume is cluster-scoped and the ossfs ServiceAccount lives in the driver's shared namespace:
  // both carry the storage's name in their hash too.
  const volume = folderSlug(`${target.storageName}-fetch-${folder}`, 63);
  return {
    slug,
    job: fetchJobName(folder),
    serviceAccount: fetchJobName(folder),
    claim: volume,
    persistentVolume: volume,
    fuseServiceAccount: `${folderSlug(`${target.storageName}-fetch-${folder}`, 57)}-ossfs`,
    ramRole: `llmfleet-${folderSlug(`${target.storageName}/${folder}`, 45)}-w`,
  };
}

/** The folder's prefix in the bucket, e.g. `/Qwen2.5-7B-Instruct@a09a3545/`. */
export function fetchPrefix(target: Pick<FetchTarget, "path">, folder: string): string {
  return `${target.path.replace(/\/+$/, "")}/${folder}/`;
}

function labels(fetch: WeightsFetch, names: FetchNames): Record<string, string> {
  return {
    "app.kubernetes.io/name": "weights-fetch",
    "app.kubernetes.io/instance": names.job,
    "app.kubernetes.io/part-of": "llmfleet",
    "app.kubernetes.io/managed-by": "pulumi",
    "llmfleet.io/weights": names.slug,
    "llmfleet.io/revision": folderSlug(pinnedRevision(fetch.source), 63),
  };
}

export function writerVolumeSource(target: FetchTarget, names: FetchNames, folder: string): OssVolumeSource {
  return { bucket: target.bucket, endpoint: target.endpoint, path: fetchPrefix(target, folder), fuseType: "ossfs", ramRoleName: names.ramRole, fuseServiceAccountName: names.fuseServiceAccount };
}

function fetchJob(fetch: WeightsFetch, target: FetchTarget, names: FetchNames): KubernetesObject {
  const podLabels = labels(fetch, names);
  const hubEnv = fetch.source.hub === "huggingface" && fetch.source.endpoint !== undefined ? [{ name: "HF_ENDPOINT", value: fetch.source.endpoint }] : [];
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: {
      name: names.job,
      namespace: target.namespace,
      labels: podLabels,
      // @pulumi/kubernetes awaits a Job's Complete condition, 10 minutes by default (batch/v1 Job docs);
      // `skipAwait` (pulumi-kubernetes#417) leaves it to the serving pods, which wait for the marker.
      annotations: { "pulumi.com/skipAwait": "true" },
    },
    spec: {
      backoffLimit: 4,
      activeDeadlineSeconds: FETCH_DEADLINE_SECONDS,
      template: {
        metadata: { labels: podLabels, annotations: { "sidecar.istio.io/inject": "false" } },
        spec: {
          serviceAccountName: names.serviceAccount,
          automountServiceAccountToken: false,
          enableServiceLinks: false,
          restartPolicy: "Never",
          ...(target.registry?.pullSecretName === undefined ? {} : { imagePullSecrets: [{ name: target.registry.pullSecretName }] }),
          securityContext: podSecurityContext(FETCH_UID),
          containers: [
            {
              name: "fetch",
              image: mirroredImage(imageReference(target.image), target.registry),
              imagePullPolicy: "IfNotPresent",
              command: ["/bin/sh", "-c", fetchScript(fetch.source, `oss://${target.bucket}${fetchPrefix(target, fetch.folder)}`)],
              env: [{ name: "HOME", value: "/tmp" }, { name: "XDG_CACHE_HOME", value: "/tmp/cache" }, { name: "HF_HUB_DISABLE_TELEMETRY", value: "1" }, ...hubEnv],
              resources: { requests: { ...FETCH_RESOURCES }, limits: { ...FETCH_RESOURCES } },
              securityContext: containerSecurityContext({ runAsUser: FETCH_UID, readOnlyRootFilesystem: true, addCapabilities: [] }),
              volumeMounts: [
                { name: "weights", mountPath: WRITER_MOUNT_PATH },
                { name: "tmp", mountPath: "/tmp" },
              ],
            },
          ],
          volumes: [
            { name: "weights", persistentVolumeClaim: { claimName: names.claim } },
            { name: "tmp", emptyDir: { sizeLimit: FETCH_RESOURCES["ephemeral-storage"] } },
          ],
        },
      },
    },
  };
}

/** Egress to DNS and to the hub over HTTPS only; no ingress at all. */
function fetchNetworkPolicy(fetch: WeightsFetch, target: FetchTarget, names: FetchNames): KubernetesObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: { name: names.job, namespace: target.namespace, labels: labels(fetch, names) },
    spec: {
      podSelector: { matchLabels: { "app.kubernetes.io/name": "weights-fetch", "llmfleet.io/weights": names.slug } },
      policyTypes: ["Ingress", "Egress"],
      ingress: [],
      egress: [
        {
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
        { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: [...PRIVATE_RANGES] } }], ports: [{ protocol: "TCP", port: 443 }] },
      ],
    },
  };
}

/** The writer volume's identity: its own PV name, the storage's label. */
function writerIdentity(target: FetchTarget, names: FetchNames): VolumeIdentity {
  return { storageName: target.storageName, persistentVolumeName: names.persistentVolume, capacityGiB: target.capacityGiB };
}

/** Every Kubernetes object of one fetch, in apply order (identities and volume before the Job). */
export function weightsFetchObjects(fetch: WeightsFetch, target: FetchTarget): KubernetesObject[] {
  const names = fetchNames(target, fetch.folder);
  const identity = writerIdentity(target, names);
  const serviceAccount: KubernetesObject = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: { name: names.serviceAccount, namespace: target.namespace, labels: labels(fetch, names) },
    automountServiceAccountToken: false,
  };
  return [
    ossFuseServiceAccount(identity, names.fuseServiceAccount),
    ossWriterPersistentVolume(identity, writerVolumeSource(target, names, fetch.folder)),
    writerVolumeClaim(identity, { name: names.claim, namespace: target.namespace }),
    serviceAccount,
    fetchNetworkPolicy(fetch, target, names),
    fetchJob(fetch, target, names),
  ];
}

