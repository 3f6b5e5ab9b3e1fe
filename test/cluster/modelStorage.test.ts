import { describe, expect, it } from "vitest";
import { modelVolumeClaim, nasPersistentVolume, ossFuseServiceAccount, ossPersistentVolume } from "../../src/cluster/modelVolumeObjects.js";
import { ossReadOnlyPolicy, rrsaTrustPolicy } from "../../src/cluster/rrsaPolicy.js";
import { planModelStorage, type OssSource } from "../../src/cluster/storageSpec.js";
import { LlmfleetError, LlmfleetErrors } from "../../src/errors/index.js";
import { manifestProblems } from "../../src/k8s/index.js";

const ossArgs = {
  storageName: "qwen",
  oss: {
    bucket: "acme-models",
    region: "cn-hangzhou",
    path: "/qwen2.5",
    oidcProviderArn: "acs:ram::1:oidc-provider/ack-rrsa-c1",
    oidcIssuerUrl: "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c1",
  },
};

function errorOf(input: unknown): LlmfleetError {
  try {
    planModelStorage(input);
  } catch (error) {
    if (error instanceof LlmfleetError) return error;
    if (error instanceof LlmfleetErrors && error.errors[0]) return error.errors[0];
    throw error;
  }
  throw new Error("expected planModelStorage to throw");
}

function ossSourceOf(plan: ReturnType<typeof planModelStorage>): OssSource {
  if (plan.source.kind !== "oss") throw new Error("expected an OSS source");
  return plan.source;
}

describe("model storage plan", () => {
  it("gives workloads a claim name, mount path and planning throughput", () => {
    expect(planModelStorage(ossArgs).volume).toEqual({
      claimName: "qwen-models",
      mountPath: "/models",
      subPath: "",
      readThroughputMiBps: 300,
      serviceAccountName: null,
      // The same prefix through OSS's S3-compatible internal endpoint, for vLLM's Run:ai streamer.
      objectStore: { bucket: "acme-models", prefix: "qwen2.5", s3Endpoint: "https://s3.oss-cn-hangzhou-internal.aliyuncs.com" },
    });
  });

  it("reads OSS through the internal endpoint with a dedicated role and fuse ServiceAccount", () => {
    expect(ossSourceOf(planModelStorage(ossArgs))).toMatchObject({
      endpoint: "oss-cn-hangzhou-internal.aliyuncs.com",
      fuseType: "ossfs2",
      ramRoleName: "llmfleet-qwen-oss-reader",
      fuseServiceAccountName: "qwen-ossfs",
    });
  });

  it("requires exactly one of oss and nas", () => {
    expect(errorOf({ storageName: "qwen" }).field).toBe("oss");
    expect(errorOf({ ...ossArgs, nas: { mountTargetDomain: "x.nas.aliyuncs.com" } }).reason).toMatch(/exactly one/);
  });

  it("requires a vSwitch for a new NAS file system", () => {
    const error = errorOf({ storageName: "qwen", nas: { vpcId: "vpc-1" } });
    expect(error.field).toBe("nas.vswitchId");
    expect(error.fix).toMatch(/nodeVswitchIds/);
  });

  it("names an invalid bucket name", () => {
    expect(errorOf({ ...ossArgs, oss: { ...ossArgs.oss, bucket: "Acme_Models" } }).field).toBe("oss.bucket");
  });
});

describe("model volume objects", () => {
  const plan = planModelStorage(ossArgs);
  const pv = ossPersistentVolume(plan, ossSourceOf(plan));
  const claim = modelVolumeClaim(plan, { name: plan.volume.claimName, namespace: plan.namespace });
  const nasPv = nasPersistentVolume(plan, { server: "0a1b-xyz.cn-hangzhou.nas.aliyuncs.com", path: "/models" });

  it("validate against the Kubernetes schema", async () => {
    for (const object of [pv, claim, nasPv, ossFuseServiceAccount(plan, "qwen-ossfs")]) expect(await manifestProblems(object)).toEqual([]);
  });

  it("mount OSS read-only with RRSA and no AccessKey", () => {
    expect(pv.spec).toMatchObject({
      accessModes: ["ReadOnlyMany"],
      persistentVolumeReclaimPolicy: "Retain",
      csi: {
        driver: "ossplugin.csi.alibabacloud.com",
        volumeHandle: "llm-serving-qwen-models",
        readOnly: true,
        volumeAttributes: { bucket: "acme-models", path: "/qwen2.5", authType: "rrsa", roleName: "llmfleet-qwen-oss-reader", serviceAccountName: "qwen-ossfs" },
      },
    });
    expect(JSON.stringify([pv, claim, nasPv])).not.toMatch(/akId|akSecret|accessKey|nodePublishSecretRef/i);
  });

  it("bind the claim to exactly its volume", () => {
    expect(claim).toMatchObject({
      metadata: { name: "qwen-models", namespace: "llm-serving" },
      spec: { accessModes: ["ReadOnlyMany"], storageClassName: "", volumeName: "llm-serving-qwen-models" },
    });
  });

  it("mount NAS with the documented NFS options", () => {
    expect(nasPv.spec).toMatchObject({ mountOptions: ["nolock", "tcp", "noresvport"], csi: { driver: "nasplugin.csi.alibabacloud.com", volumeAttributes: { vers: "3" } } });
  });
});

describe("RRSA policies", () => {
  it("trust exactly one ServiceAccount of one cluster", () => {
    const policy = rrsaTrustPolicy("acs:ram::1:oidc-provider/ack-rrsa-c1", "https://issuer/c1", { namespace: "ack-csi-fuse", name: "qwen-ossfs" });
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: "sts:AssumeRole",
        Principal: { Federated: ["acs:ram::1:oidc-provider/ack-rrsa-c1"] },
        Condition: { StringEquals: { "oidc:aud": "sts.aliyuncs.com", "oidc:iss": "https://issuer/c1", "oidc:sub": "system:serviceaccount:ack-csi-fuse:qwen-ossfs" } },
      },
    ]);
  });

  it("grant read-only access to the mounted prefix only", () => {
    expect(ossReadOnlyPolicy("acme-models", "/qwen2.5").Statement[0]).toEqual({
      Effect: "Allow",
      Action: ["oss:Get*", "oss:List*"],
      Resource: ["acs:oss:*:*:acme-models", "acs:oss:*:*:acme-models/qwen2.5*"],
    });
  });
});
