/**
 * Validation of `BatchOutput` arguments (without providers) and the objects' names and data.
 */
import { z } from "zod";
import { parseWith } from "../errors/index.js";
import { dnsLabel, pulumiInput } from "../cluster/schemaParts.js";
import { patternString } from "../errors/patterns.js";
import { batchOutputNames, batchOutputUrl, parseOssPrefix, type BatchOutputNames } from "./outputLocation.js";
import type { BatchOutputVolume } from "./outputObjects.js";

export const batchOutputArgsSchema = z.strictObject({
  /** The deployment whose job writes here (its `name`); the claim is `<name>-results`. */
  deploymentName: dnsLabel(40),
  /** Namespace of the deployment. Default `llm-serving`. */
  namespace: dnsLabel(63).default("llm-serving"),
  /** `oss://<bucket>/<prefix>/`, the deployment's `batchJob.output`. */
  output: batchOutputUrl,
  /** Region of the bucket; written through the internal endpoint. */
  region: patternString(/^[a-z]+(-[a-z0-9]+)+$/, "must be a region id", "use the region id, e.g. cn-hangzhou"),
  oidcProviderArn: pulumiInput,
  oidcIssuerUrl: pulumiInput,
  /** RAM role name, unique in the account. Default `llmfleet-<deploymentName>-results-writer`. */
  ramRoleName: z.string().min(1).max(64).optional(),
  /** UID the job's pods run as (the deployment's `image.runAsUser`), owner of the mounted files. Default root. */
  writerUid: z.int().min(1).optional(),
  /** Nominal PV/PVC size in GiB (OSS does not enforce it). Default 1024. */
  capacityGiB: z.int().min(1).default(1024),
});

export interface BatchOutputPlan {
  readonly names: BatchOutputNames;
  readonly volume: BatchOutputVolume;
}

/** @throws LlmfleetError(s) naming the offending argument */
export function planBatchOutput(input: unknown): BatchOutputPlan {
  const args = parseWith(batchOutputArgsSchema, input);
  const derived = batchOutputNames({ name: args.deploymentName, namespace: args.namespace });
  const names = { ...derived, ramRoleName: args.ramRoleName ?? derived.ramRoleName };
  const volume: BatchOutputVolume = {
    names,
    location: parseOssPrefix(args.output),
    namespace: args.namespace,
    endpoint: `oss-${args.region}-internal.aliyuncs.com`,
    labels: { "llmfleet.io/batch-output": args.deploymentName, "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/managed-by": "pulumi" },
    capacityGiB: args.capacityGiB,
    writerUid: args.writerUid,
  };
  return { names, volume };
}
