/**
 * RAM policies that write OSS stay scoped: a role that may put or delete objects names a folder of
 * one bucket, never a whole bucket or every bucket. llmfleet's batch writer roles are scoped to
 * their job's `batchJob.output` prefix (src/batch/outputObjects.ts); the model reader only reads.
 */
import { violation, type ResourceRule, type Violation } from "../types.js";
import { isUnknown } from "../values.js";

const WRITE_ACTION = /^oss:(\*|Put.*|Delete.*|Copy.*|Append.*|Post.*|Restore.*|InitiateMultipartUpload|UploadPart.*|CompleteMultipartUpload)$/;

interface Statement {
  readonly Effect?: unknown;
  readonly Action?: unknown;
  readonly Resource?: unknown;
}

function words(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

/** `acs:oss:*:*:bucket/folder/*` names a folder; `*`, `acs:oss:*:*:*`, `acs:oss:*:*:bucket` and `…:bucket/*` do not. */
function namesAFolder(resource: string): boolean {
  const match = /^acs:oss:[^:]*:[^:]*:([^/]+)\/(.+)$/.exec(resource);
  if (match === null) return false;
  const [, bucket = "", key = ""] = match;
  return !bucket.includes("*") && /^[^*]+\//.test(key);
}

function statementsOf(document: string): Statement[] | undefined {
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    return Array.isArray(parsed.Statement) ? (parsed.Statement as Statement[]) : [];
  } catch {
    return undefined;
  }
}

export const ossWriteScoped: ResourceRule = {
  name: "oss-write-scoped",
  description: "RAM policies that allow writing or deleting OSS objects name a folder of one bucket (oss://bucket/folder/), never a whole bucket or every bucket.",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "skipped",
  check(resource) {
    if (resource.type !== "alicloud:ram/policy:Policy") return [];
    const document = resource.props["policyDocument"];
    if (isUnknown(document) || typeof document !== "string") return [];
    const statements = statementsOf(document);
    if (statements === undefined) return [];
    const found: Violation[] = [];
    for (const statement of statements) {
      if (statement.Effect !== "Allow") continue;
      const writes = words(statement.Action).filter((action) => WRITE_ACTION.test(action));
      if (writes.length === 0) continue;
      for (const target of words(statement.Resource).filter((r) => !namesAFolder(r))) {
        found.push(violation(this.name, resource, {
          what: `RAM policy ${resource.name} allows ${writes.join(", ")} on ${target}`,
          why: "a role that can overwrite or delete a whole bucket can destroy the model weights and every other job's results",
          fix: "scope the statement to the one folder the job writes, e.g. acs:oss:*:*:<bucket>/<folder>/* (batchJob.output: oss://<bucket>/<folder>/)",
        }));
      }
    }
    return found;
  },
};
