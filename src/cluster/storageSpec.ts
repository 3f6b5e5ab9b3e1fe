/**
 * Validation of `ModelStorage` arguments: an OSS bucket mounted read-only through the OSS CSI driver
 * with RRSA, or a NAS file system, and the `ModelVolume` workloads mount.
 */
import { z } from "zod";
import { patternString } from "../errors/patterns.js";
import { LlmfleetError, parseWith } from "../errors/index.js";
import { dnsLabel, pulumiInput } from "./schemaParts.js";
import type { ModelVolume, ObjectStore } from "./types.js";

/**
 * Planning read throughputs in MiB/s, deliberately low: they only size startup probes, where
 * underestimating costs a longer wait and overestimating kills pods that are still loading.
 * Override with `readThroughputMiBps` once measured.
 */
export const DEFAULT_READ_THROUGHPUT_MIBPS = {
  ossfs2: 300,
  ossfs: 100,
  Performance: 300,
  Capacity: 150,
  Premium: 300,
} as const;

/**
 * An OSS bucket name (3–63 lower-case letters, digits and '-'): one rule for the stack file and the
 * component; `missingReason` is what the caller says when the bucket is left out.
 */
export function bucketName(missingReason?: string): z.ZodString {
  return patternString(
    /^[a-z0-9][a-z0-9-]*[a-z0-9]$/,
    "must be an OSS bucket name: lower-case letters, digits and '-', starting and ending with a letter or digit",
    "write it in lower case with '-' between words, e.g. llmfleet-prod-models",
    missingReason,
  )
    .min(3, "must be at least 3 characters")
    .max(63, "must be at most 63 characters");
}
const volumePath = patternString(/^\/([^/]+(\/[^/]+)*)?$/, "must be an absolute path such as / or /models", "mount the model under /models");

export const modelStorageArgsSchema = z
  .object({
    storageName: dnsLabel(40),
    namespace: dnsLabel(63).default("llm-serving"),
    mountPath: volumePath.default("/models"),
    subPath: z.string().default(""),
    capacityGiB: z.int().min(1).default(1024),
    readThroughputMiBps: z.number().positive().optional(),
    oss: z
      .object({
        bucket: bucketName(),
        createBucket: z.boolean().default(false),
        region: patternString(/^[a-z]+(-[a-z0-9]+)+$/, "must be a region id", "use the region id, e.g. cn-hangzhou"),
        path: volumePath.default("/"),
        fuseType: z.enum(["ossfs2", "ossfs"]).default("ossfs2"),
        oidcProviderArn: pulumiInput,
        oidcIssuerUrl: pulumiInput,
        ramRoleName: z.string().min(1).max(64).optional(),
        fuseServiceAccountName: dnsLabel(63).optional(),
      })
      .strict()
      .optional(),
    nas: z
      .object({
        mountTargetDomain: pulumiInput.optional(),
        vpcId: pulumiInput.optional(),
        vswitchId: pulumiInput.optional(),
        storageType: z.enum(["Performance", "Capacity", "Premium"]).default("Performance"),
        path: volumePath.default("/"),
      })
      .strict()
      .optional(),
  })
  .strict();

type ParsedArgs = z.output<typeof modelStorageArgsSchema>;

export interface OssSource {
  readonly kind: "oss";
  readonly bucket: string;
  readonly createBucket: boolean;
  /** Internal (VPC) endpoint of the bucket's region. */
  readonly endpoint: string;
  readonly path: string;
  readonly fuseType: "ossfs2" | "ossfs";
  readonly ramRoleName: string;
  readonly fuseServiceAccountName: string;
}

export interface NasSource {
  readonly kind: "nas";
  /** True when llmfleet creates the file system and its mount target. */
  readonly createFileSystem: boolean;
  readonly storageType: "Performance" | "Capacity" | "Premium";
  readonly path: string;
}

export interface ModelStoragePlan {
  readonly storageName: string;
  readonly namespace: string;
  readonly capacityGiB: number;
  readonly persistentVolumeName: string;
  readonly source: OssSource | NasSource;
  readonly volume: ModelVolume;
}

function ossSource(storageName: string, oss: NonNullable<ParsedArgs["oss"]>): OssSource {
  return {
    kind: "oss",
    bucket: oss.bucket,
    createBucket: oss.createBucket,
    endpoint: `oss-${oss.region}-internal.aliyuncs.com`,
    path: oss.path,
    fuseType: oss.fuseType,
    ramRoleName: oss.ramRoleName ?? `llmfleet-${storageName}-oss-reader`,
    fuseServiceAccountName: oss.fuseServiceAccountName ?? `${storageName}-ossfs`,
  };
}

function nasSource(nas: NonNullable<ParsedArgs["nas"]>): NasSource {
  const createFileSystem = nas.mountTargetDomain === undefined;
  if (createFileSystem && (nas.vpcId === undefined || nas.vswitchId === undefined)) {
    throw new LlmfleetError(
      "nas.vswitchId",
      nas.vswitchId,
      "a new NAS file system needs the VPC and vSwitch of its mount target",
      "give nas.vpcId and nas.vswitchId (AckCluster.vpcId and one of nodeVswitchIds), or nas.mountTargetDomain of an existing file system",
    );
  }
  if (!createFileSystem && (nas.vpcId !== undefined || nas.vswitchId !== undefined)) {
    throw new LlmfleetError("nas.mountTargetDomain", "(given)", "an existing mount target already has its VPC and vSwitch", "remove nas.vpcId and nas.vswitchId, or nas.mountTargetDomain");
  }
  return { kind: "nas", createFileSystem, storageType: nas.storageType, path: nas.path };
}

function resolveSource(args: ParsedArgs): OssSource | NasSource {
  if (args.oss !== undefined && args.nas === undefined) return ossSource(args.storageName, args.oss);
  if (args.nas !== undefined && args.oss === undefined) return nasSource(args.nas);
  throw new LlmfleetError(
    "oss",
    args.oss === undefined ? undefined : "(given together with nas)",
    "exactly one of oss and nas must be given",
    "describe the model store under either oss or nas",
  );
}

/**
 * The bucket as an S3-compatible object store, for loaders that stream from it (vLLM's Run:ai
 * streamer): OSS's S3-compatible internal endpoint `https://s3.oss-<region>-internal.aliyuncs.com`
 * ("Use AWS SDKs to access OSS", help.aliyun.com/en/oss/developer-reference/use-aws-sdks-to-access-oss).
 */
function ossObjectStore(source: OssSource, region: string): ObjectStore {
  return { bucket: source.bucket, prefix: source.path.replace(/^\/+|\/+$/g, ""), s3Endpoint: `https://s3.oss-${region}-internal.aliyuncs.com` };
}

/**
 * Validates `ModelStorage` arguments (without its providers) and decides names and the volume.
 * @throws LlmfleetError / LlmfleetErrors naming the offending field
 */
export function planModelStorage(input: unknown): ModelStoragePlan {
  const args = parseWith(modelStorageArgsSchema, input);
  const source = resolveSource(args);
  const throughputKey = source.kind === "oss" ? source.fuseType : source.storageType;
  const claimName = `${args.storageName}-models`;
  return {
    storageName: args.storageName,
    namespace: args.namespace,
    capacityGiB: args.capacityGiB,
    persistentVolumeName: `${args.namespace}-${claimName}`,
    source,
    volume: {
      claimName,
      mountPath: args.mountPath,
      subPath: args.subPath,
      readThroughputMiBps: args.readThroughputMiBps ?? DEFAULT_READ_THROUGHPUT_MIBPS[throughputKey],
      // The CSI driver mounts with its own identity; any pod in the claim's namespace may read.
      serviceAccountName: null,
      ...(source.kind === "oss" ? { objectStore: ossObjectStore(source, args.oss?.region ?? "") } : {}),
    },
  };
}
