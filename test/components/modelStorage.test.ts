import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { ModelStorage } from "../../components/ModelStorage.js";
import { manifestProblems, type KubernetesObject } from "../../src/k8s/index.js";
import { settle, startMockSession, valueOf, type MockSession, type RecordedResource } from "../../src/preview/index.js";
import { ACCESS_KEY_PATTERN, childrenOf, component, providerUrnOf, typeCounts } from "./resourceGraph.js";

const TYPE = "llmfleet:index:ModelStorage";
const PV = "kubernetes:core/v1:PersistentVolume";
const PVC = "kubernetes:core/v1:PersistentVolumeClaim";

/** The object the Kubernetes provider would apply, rebuilt from the recorded inputs. */
function appliedObject(resource: RecordedResource): KubernetesObject {
  return resource.plainInputs as unknown as KubernetesObject;
}

describe("ModelStorage", () => {
  let session: MockSession;
  let oss: ModelStorage;
  let nas: ModelStorage;

  beforeAll(async () => {
    session = startMockSession("llmfleet", "test");
    const cloud = new alicloud.Provider("hangzhou", { region: "cn-hangzhou" });
    const cluster = new k8s.Provider("cluster", { kubeconfig: pulumi.secret("apiVersion: v1"), clusterIdentifier: "c-1" });
    oss = new ModelStorage("qwen", {
      oss: {
        bucket: "acme-models",
        createBucket: true,
        region: "cn-hangzhou",
        path: "/qwen2.5",
        oidcProviderArn: "acs:ram::1234567890:oidc-provider/ack-rrsa-c-1",
        oidcIssuerUrl: "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c-1",
      },
      alicloudProvider: cloud,
      kubernetesProvider: cluster,
    });
    nas = new ModelStorage("llama", { nas: { vpcId: "vpc-1", vswitchId: "vsw-h", storageType: "Capacity" }, subPath: "Llama-3.1-8B" }, { providers: [cloud, cluster] });
    await valueOf(oss.ramRoleArn ?? pulumi.output(""));
    await settle();
  });

  function childOf(storage: string, type: string): RecordedResource {
    const child = childrenOf(session, component(session, TYPE, storage)).find((resource) => resource.type === type);
    if (child === undefined) throw new Error(`${storage} has no ${type} child`);
    return child;
  }

  it("creates the bucket, a RAM reader role with its policy, the ossfs ServiceAccount, the PV and the claim for OSS", () => {
    expect(typeCounts(childrenOf(session, component(session, TYPE, "qwen")))).toEqual({
      "alicloud:oss/bucket:Bucket": 1,
      "alicloud:ram/role:Role": 1,
      "alicloud:ram/policy:Policy": 1,
      "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment": 1,
      "kubernetes:core/v1:ServiceAccount": 1,
      [PV]: 1,
      [PVC]: 1,
    });
  });

  it("keeps a created bucket in the cloud when it leaves the stack, protected or not", () => {
    expect(childOf("qwen", "alicloud:oss/bucket:Bucket")).toMatchObject({ protect: false, retainOnDelete: true });
  });

  it("creates a NAS file system, its mount target, the PV and the claim for NAS", () => {
    expect(typeCounts(childrenOf(session, component(session, TYPE, "llama")))).toEqual({
      "alicloud:nas/fileSystem:FileSystem": 1,
      "alicloud:nas/mountTarget:MountTarget": 1,
      [PV]: 1,
      [PVC]: 1,
    });
  });

  it("gives Alibaba Cloud children the Alibaba Cloud provider and Kubernetes children the cluster's provider", () => {
    const cloud = component(session, "pulumi:providers:alicloud", "hangzhou").urn;
    const cluster = component(session, "pulumi:providers:kubernetes", "cluster").urn;
    for (const storage of ["qwen", "llama"]) {
      for (const child of childrenOf(session, component(session, TYPE, storage))) {
        expect(providerUrnOf(child), child.name).toBe(child.type.startsWith("alicloud:") ? cloud : cluster);
      }
    }
  });

  it("emits PV and claims that validate against the Kubernetes schema", async () => {
    const objects = session.resources.filter((resource) => [PV, PVC, "kubernetes:core/v1:ServiceAccount"].includes(resource.type));
    expect(objects).toHaveLength(5);
    for (const object of objects) expect(await manifestProblems(appliedObject(object)), object.name).toEqual([]);
  });

  it("mounts OSS read-only with RRSA through the volume's own ServiceAccount", () => {
    expect(childOf("qwen", PV).plainInputs).toMatchObject({
      spec: {
        accessModes: ["ReadOnlyMany"],
        csi: {
          driver: "ossplugin.csi.alibabacloud.com",
          readOnly: true,
          volumeAttributes: { bucket: "acme-models", url: "oss-cn-hangzhou-internal.aliyuncs.com", authType: "rrsa", roleName: "llmfleet-qwen-oss-reader", serviceAccountName: "qwen-ossfs" },
        },
      },
    });
    expect(childOf("qwen", "kubernetes:core/v1:ServiceAccount").plainInputs).toMatchObject({ metadata: { name: "qwen-ossfs", namespace: "ack-csi-fuse" } });
  });

  it("lets only that ServiceAccount of this cluster assume the RAM role", () => {
    const trust = JSON.parse(String(childOf("qwen", "alicloud:ram/role:Role").plainInputs["assumeRolePolicyDocument"]));
    expect(trust.Statement).toEqual([
      expect.objectContaining({
        Principal: { Federated: ["acs:ram::1234567890:oidc-provider/ack-rrsa-c-1"] },
        Condition: { StringEquals: expect.objectContaining({ "oidc:sub": "system:serviceaccount:ack-csi-fuse:qwen-ossfs", "oidc:aud": "sts.aliyuncs.com" }) },
      }),
    ]);
    const policy = JSON.parse(String(childOf("qwen", "alicloud:ram/policy:Policy").plainInputs["policyDocument"]));
    expect(policy.Statement[0].Resource).toEqual(["acs:oss:*:*:acme-models", "acs:oss:*:*:acme-models/qwen2.5*"]);
  });

  it("mounts NAS from the new mount target's domain", () => {
    expect(childOf("llama", PV).plainInputs).toMatchObject({
      spec: { csi: { driver: "nasplugin.csi.alibabacloud.com", volumeAttributes: { server: "llama-nas-id.cn-hangzhou.nas.aliyuncs.com" } }, mountOptions: ["nolock", "tcp", "noresvport"] },
    });
  });

  it("binds each claim to its own volume in the serving namespace", () => {
    expect(childOf("qwen", PVC).plainInputs).toMatchObject({
      metadata: { name: "qwen-models", namespace: "llm-serving" },
      spec: { accessModes: ["ReadOnlyMany"], volumeName: "llm-serving-qwen-models" },
    });
  });

  it("exposes the volume as plain data and the role ARN for OSS only", async () => {
    expect(oss.volume).toEqual({
      claimName: "qwen-models",
      mountPath: "/models",
      subPath: "",
      readThroughputMiBps: 300,
      serviceAccountName: null,
      objectStore: { bucket: "acme-models", prefix: "qwen2.5", s3Endpoint: "https://s3.oss-cn-hangzhou-internal.aliyuncs.com" },
    });
    expect(nas.volume).toMatchObject({ claimName: "llama-models", subPath: "Llama-3.1-8B", readThroughputMiBps: 150 });
    expect(await valueOf(oss.ramRoleArn ?? pulumi.output(""))).toBe("acs:ram::1234567890:role/llmfleet-qwen-oss-reader");
    expect(nas.ramRoleArn).toBeUndefined();
  });

  it("rejects storage with neither OSS nor NAS, naming the field", () => {
    expect(() => new ModelStorage("empty", {})).toThrow(expect.objectContaining({ propertyPath: "args.oss" }));
  });

  it("puts no AccessKey in any resource", () => {
    for (const resource of session.resources) expect(JSON.stringify(resource.plainInputs)).not.toMatch(ACCESS_KEY_PATTERN);
  });
});
