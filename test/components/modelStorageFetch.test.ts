import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { ModelStorage } from "../../components/ModelStorage.js";
import { settle, startMockSession, type MockSession, type RecordedResource } from "../../src/preview/index.js";
import type { WeightsFetch } from "../../src/weights/index.js";
import { childrenOf, component } from "./resourceGraph.js";
import { inputErrorOf } from "./inputErrorOf.js";

const TYPE = "llmfleet:index:ModelStorage";
const FETCH: WeightsFetch = { folder: "Qwen2.5-7B-Instruct@v1.0.0", source: { hub: "modelscope", repo: "Qwen/Qwen2.5-7B-Instruct", revision: "v1.0.0" }, deployments: ["qwen7b"] };
const OIDC = { oidcProviderArn: "acs:ram::1234567890:oidc-provider/ack-rrsa-c-1", oidcIssuerUrl: "https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/c-1" };

describe("ModelStorage with a weights fetch", () => {
  let session: MockSession;
  let cloud: alicloud.Provider;
  let cluster: k8s.Provider;

  beforeAll(async () => {
    session = startMockSession("llmfleet", "test");
    cloud = new alicloud.Provider("hangzhou", { region: "cn-hangzhou" });
    cluster = new k8s.Provider("cluster", { kubeconfig: pulumi.secret("apiVersion: v1"), clusterIdentifier: "c-1" });
    new ModelStorage("models", { oss: { bucket: "acme-models", region: "cn-hangzhou", ...OIDC }, fetches: [FETCH], alicloudProvider: cloud, kubernetesProvider: cluster });
    await settle();
  });

  function children(type: string): RecordedResource[] {
    return childrenOf(session, component(session, TYPE, "models")).filter((resource) => resource.type === type);
  }

  it("creates a writer role that only the fetch's ossfs ServiceAccount can assume, beside the reader role", () => {
    const roles = children("alicloud:ram/role:Role");
    expect(roles.map((role) => role.plainInputs["roleName"])).toEqual(["llmfleet-models-oss-reader", expect.stringMatching(/^llmfleet-models-qwen2-5-7b-instruct-v1-0-0-[0-9a-f]{8}-w$/)]);
    const trust = JSON.parse(String(roles[1]?.plainInputs["assumeRolePolicyDocument"])) as { Statement: { Condition: { StringEquals: Record<string, string> } }[] };
    expect(trust.Statement[0]?.Condition.StringEquals["oidc:sub"]).toMatch(/^system:serviceaccount:ack-csi-fuse:models-fetch-qwen2-5-7b-instruct-v1-0-0-[0-9a-f]{8}-ossfs$/);
  });

  it("creates the Job and its writer volume, claim, identities and NetworkPolicy", () => {
    expect(children("kubernetes:batch/v1:Job").map((job) => (job.plainInputs["metadata"] as { name: string }).name)).toEqual([expect.stringMatching(/^fetch-qwen2-5-7b-instruct-v1-0-0-/)]);
    expect(children("kubernetes:core/v1:PersistentVolume")).toHaveLength(2);
    expect(children("kubernetes:networking.k8s.io/v1:NetworkPolicy")).toHaveLength(1);
  });

  it("refuses fetches into NAS storage, naming the fetches argument", () => {
    const error = inputErrorOf(() => new ModelStorage("nas-models", { nas: { mountTargetDomain: "0a1b.cn-hangzhou.nas.aliyuncs.com" }, fetches: [FETCH] }, { providers: [cloud, cluster] }));
    expect(error.propertyPath).toBe("args.fetches");
    expect(error.reason).toMatch(/fetching weights needs OSS storage/);
  });
});
