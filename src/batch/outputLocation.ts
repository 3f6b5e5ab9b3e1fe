/**
 * Where a batch job writes its results: an OSS prefix `oss://<bucket>/<prefix>/`, mounted
 * read-write at `/results` through its own static PersistentVolume (ossfs 1.0: ACK documents ossfs
 * 1.0 ≥ 1.91 for writes, ossfs 2.0 for reads — "OSS volume overview") with a RAM role that may write
 * only under that prefix. Names are derived from the deployment, so the workload and the
 * `BatchOutput` component agree without passing anything between them.
 */
import { patternString } from "../errors/patterns.js";

/** `oss://bucket/prefix/` with a bucket name and at least one folder: the writer role is scoped to it. */
export const batchOutputUrl = patternString(
  /^oss:\/\/[a-z0-9][a-z0-9-]{1,61}[a-z0-9](\/[A-Za-z0-9._=-]+)+\/?$/,
  "must be an OSS prefix oss://<bucket>/<folder>/ (the job's writer role may write only there, so the bucket root is refused)",
  "write the bucket and a folder for this job's results, e.g. oss://llmfleet-batch-results/bloom-batch/",
);

export interface OssPrefix {
  readonly bucket: string;
  /** Without leading slash, with a trailing one, e.g. `bloom-batch/`. */
  readonly prefix: string;
}

/** Splits a validated `oss://bucket/prefix` into bucket and prefix. */
export function parseOssPrefix(url: string): OssPrefix {
  const rest = url.slice("oss://".length);
  const slash = rest.indexOf("/");
  const prefix = rest.slice(slash + 1).replace(/\/?$/, "/");
  return { bucket: rest.slice(0, slash), prefix };
}

/** Where the pods see the output location. */
export const RESULTS_MOUNT_PATH = "/results";

/** Names of the output location's objects, from the deployment's name and namespace. */
export interface BatchOutputNames {
  /** ReadWriteMany claim in the deployment's namespace. */
  readonly claimName: string;
  /** Cluster-scoped, so it carries the namespace. */
  readonly persistentVolumeName: string;
  /** ServiceAccount in `ack-csi-fuse` that the output's ossfs pod runs as: the only subject the writer role trusts. */
  readonly fuseServiceAccountName: string;
  /** RAM role that may write under the prefix (≤ 64 characters: deployment names are ≤ 40). */
  readonly ramRoleName: string;
}

export function batchOutputNames(deployment: { readonly name: string; readonly namespace: string }): BatchOutputNames {
  return {
    claimName: `${deployment.name}-results`,
    persistentVolumeName: `${deployment.namespace}-${deployment.name}-results`,
    fuseServiceAccountName: `${deployment.name}-results-ossfs`,
    ramRoleName: `llmfleet-${deployment.name}-results-writer`,
  };
}

/** The prompts' path in the pods: `batchJob.input` under the model mount, default `jobs/<name>/input.jsonl`. */
export function batchInputPath(mountPath: string, deploymentName: string, input: string | undefined): string {
  return `${mountPath.replace(/\/+$/, "")}/${input ?? `jobs/${deploymentName}/input.jsonl`}`;
}

/**
 * A writer role name unique per stack and deployment (RAM role names are account-global): the
 * stack's cluster name, shortened to leave room for `-<deployment>-writer` within 64 characters.
 */
export function stackWriterRoleName(clusterName: string, deploymentName: string): string {
  const suffix = `-${deploymentName}-writer`;
  return `${clusterName.slice(0, 64 - suffix.length).replace(/-+$/, "")}${suffix}`;
}
