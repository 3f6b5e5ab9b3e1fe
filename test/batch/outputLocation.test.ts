import { describe, expect, it } from "vitest";
import { ossPrefixWriterPolicy, outputPersistentVolume, outputVolumeClaim, parseOssPrefix, planBatchOutput, stackWriterRoleName } from "../../src/batch/index.js";
import type { LlmfleetError} from "../../src/errors/index.js";
import { LlmfleetErrors } from "../../src/errors/index.js";
import { validateManifests } from "../../src/k8s/index.js";
import { ossWriteScoped } from "../../src/policy/rules/ossWriters.js";
import { policyConfigSchema } from "../../src/policy/index.js";
import { at } from "../workload/fixtures.js";

const plan = planBatchOutput({ deploymentName: "bloom-batch", output: "oss://acme-results/runs/bloom", region: "cn-hangzhou", oidcProviderArn: "arn", oidcIssuerUrl: "https://oidc", writerUid: 1000 });
const config = policyConfigSchema.parse({});

function policyResource(document: unknown) {
  return { type: "alicloud:ram/policy:Policy", name: "writer", props: { policyDocument: JSON.stringify(document) } };
}

describe("batch output location", () => {
  it("splits an OSS prefix into bucket and folder", () => {
    expect(parseOssPrefix("oss://acme-results/runs/bloom")).toEqual({ bucket: "acme-results", prefix: "runs/bloom/" });
    expect(parseOssPrefix("oss://acme-results/runs/")).toEqual({ bucket: "acme-results", prefix: "runs/" });
  });

  it("lets the writer role list, write and delete only under the job's prefix", () => {
    expect(ossPrefixWriterPolicy(plan.volume.location).Statement).toEqual([
      { Effect: "Allow", Action: ["oss:ListObjects"], Resource: ["acs:oss:*:*:acme-results"], Condition: { StringLike: { "oss:Prefix": "runs/bloom/*" } } },
      {
        Effect: "Allow",
        Action: ["oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:GetObjectMeta", "oss:AbortMultipartUpload", "oss:ListParts"],
        Resource: ["acs:oss:*:*:acme-results/runs/bloom/*"],
      },
    ]);
  });

  it("mounts the prefix read-write through ossfs 1.0 with the writer role, files owned by the pods' user", () => {
    const pv = outputPersistentVolume(plan.volume);
    expect(at(pv, "spec", "accessModes")).toEqual(["ReadWriteMany"]);
    expect(at(pv, "spec", "persistentVolumeReclaimPolicy")).toBe("Retain");
    expect(at(pv, "spec", "csi", "volumeAttributes")).toEqual({
      bucket: "acme-results",
      url: "oss-cn-hangzhou-internal.aliyuncs.com",
      path: "/runs/bloom",
      fuseType: "ossfs",
      authType: "rrsa",
      roleName: "llmfleet-bloom-batch-results-writer",
      serviceAccountName: "bloom-batch-results-ossfs",
      otherOpts: "-o allow_other -o uid=1000 -o gid=1000",
    });
    const claim = outputVolumeClaim(plan.volume);
    expect(claim.metadata).toMatchObject({ name: "bloom-batch-results", namespace: "llm-serving" });
    expect(at(claim, "spec", "volumeName")).toBe("llm-serving-bloom-batch-results");
  });

  it("emits a PersistentVolume and claim that validate against the Kubernetes schema", async () => {
    expect(await validateManifests([outputPersistentVolume(plan.volume), outputVolumeClaim(plan.volume)])).toEqual([]);
  });

  it("names a writer role per stack and deployment within RAM's 64 characters", () => {
    const role = stackWriterRoleName("a-very-long-project-name-and-an-even-longer-stack-name-here", "deployment-name-of-forty-characters-long");
    expect(role.length).toBeLessThanOrEqual(64);
    expect(role.endsWith("-deployment-name-of-forty-characters-long-writer")).toBe(true);
    expect(stackWriterRoleName("llmfleet-batch", "bloom-batch")).toBe("llmfleet-batch-bloom-batch-writer");
  });

  it("refuses a bucket root as output, naming the argument", () => {
    try {
      planBatchOutput({ deploymentName: "bloom-batch", output: "oss://acme-results", region: "cn-hangzhou", oidcProviderArn: "arn", oidcIssuerUrl: "https://oidc" });
      expect.unreachable();
    } catch (error) {
      const errors = error instanceof LlmfleetErrors ? error.errors : [error as LlmfleetError];
      expect(errors.map((e) => e.field)).toEqual(["output"]);
    }
  });
});

describe("oss-write-scoped policy", () => {
  it("accepts the batch writer policy", () => {
    expect(ossWriteScoped.check(policyResource(ossPrefixWriterPolicy(plan.volume.location)), config)).toEqual([]);
  });

  it("accepts a read-only policy on a whole bucket", () => {
    expect(ossWriteScoped.check(policyResource({ Version: "1", Statement: [{ Effect: "Allow", Action: ["oss:Get*", "oss:List*"], Resource: ["acs:oss:*:*:models/*"] }] }), config)).toEqual([]);
  });

  it("refuses writing a whole bucket or every bucket, with the fix", () => {
    const found = ossWriteScoped.check(
      policyResource({ Version: "1", Statement: [{ Effect: "Allow", Action: ["oss:PutObject"], Resource: ["acs:oss:*:*:models/*"] }, { Effect: "Allow", Action: "oss:*", Resource: "*" }] }),
      config,
    );
    expect(found.map((violation) => violation.message.split(":")[0])).toEqual(["RAM policy writer allows oss", "RAM policy writer allows oss"]);
    expect(found[0]?.message).toContain("on acs:oss:*:*:models/*");
    expect(found[1]?.message).toContain("allows oss:* on *");
    expect(found[0]?.message).toContain("Fix: scope the statement to the one folder");
  });
});
