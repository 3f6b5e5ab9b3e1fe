import * as k8s from "@pulumi/kubernetes";
import { beforeAll, describe, expect, it } from "vitest";
import { BatchOutput } from "../../components/BatchOutput.js";
import { InferenceDeployment } from "../../components/InferenceDeployment.js";
import { shippedBatchScript } from "../../src/batch/index.js";
import { settle, startMockSession, type MockSession } from "../../src/preview/index.js";
import { a10x4Pool, modelVolume } from "../workload/fixtures.js";
import { batchImage } from "../batch/fixtures.js";
import { inputErrorOf } from "./inputErrorOf.js";
import { ACCESS_KEY_PATTERN, childrenOf, component, typeCounts } from "./resourceGraph.js";

describe("BatchOutput and a batch InferenceDeployment", () => {
  let session: MockSession;

  beforeAll(async () => {
    session = startMockSession("llmfleet", "test");
    const provider = new k8s.Provider("ack", { kubeconfig: "apiVersion: v1\nkind: Config" });
    new BatchOutput("bloom-results", { deploymentName: "bloom-batch", output: "oss://acme-results/bloom/", region: "cn-hangzhou", oidcProviderArn: "acs:ram::1:oidc-provider/ack", oidcIssuerUrl: "https://oidc-ack.cn-hangzhou.aliyuncs.com/c1", writerUid: 1000, kubernetesProvider: provider });
    new InferenceDeployment("bloom-batch", {
      model: "bloom-7b1",
      engine: "horovod",
      placement: a10x4Pool,
      volume: modelVolume,
      replicas: 2,
      image: batchImage,
      batchJob: { output: "oss://acme-results/bloom/" },
      kubernetesProvider: provider,
    });
    await settle();
  });

  it("creates the writer role, its policy and attachment, the ossfs ServiceAccount, the PV and the claim", () => {
    expect(typeCounts(childrenOf(session, component(session, "llmfleet:index:BatchOutput", "bloom-results")))).toEqual({
      "alicloud:ram/role:Role": 1,
      "alicloud:ram/policy:Policy": 1,
      "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment": 1,
      "kubernetes:core/v1:ServiceAccount": 1,
      "kubernetes:core/v1:PersistentVolume": 1,
      "kubernetes:core/v1:PersistentVolumeClaim": 1,
    });
  });

  it("lets exactly the output's ossfs ServiceAccount assume the role, with no AccessKey anywhere", () => {
    const role = component(session, "alicloud:ram/role:Role", "bloom-results-writer");
    const trust = JSON.parse(String(role.inputs["assumeRolePolicyDocument"])) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] };
    expect(trust.Statement[0]?.Condition.StringEquals["oidc:sub"]).toBe("system:serviceaccount:ack-csi-fuse:bloom-batch-results-ossfs");
    expect(role.inputs["roleName"]).toBe("llmfleet-bloom-batch-results-writer");
    expect(JSON.stringify(session.resources.map((resource) => resource.inputs))).not.toMatch(ACCESS_KEY_PATTERN);
  });

  it("puts the shipped script into the deployment's ConfigMap", () => {
    const configMap = component(session, "kubernetes:core/v1:ConfigMap", "bloom-batch-configmap");
    expect((configMap.inputs["data"] as Record<string, string>)["horovod_batch_infer.py"]).toBe(shippedBatchScript());
  });

  it("refuses an output at a bucket root before registering anything", () => {
    const error = inputErrorOf(() => new BatchOutput("bad", { deploymentName: "x", output: "oss://acme-results/", region: "cn-hangzhou", oidcProviderArn: "a", oidcIssuerUrl: "b" }));
    expect(error).toMatchObject({ propertyPath: "args.output" });
    expect(error.message).toContain("must be an OSS prefix oss://<bucket>/<folder>/");
  });
});
