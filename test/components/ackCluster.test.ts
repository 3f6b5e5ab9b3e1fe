import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { AckCluster } from "../../components/AckCluster.js";
import { settle, startMockSession, valueOf, type MockSession } from "../../src/preview/index.js";
import { ACCESS_KEY_PATTERN, childrenOf, component, providerUrnOf, typeCounts } from "./resourceGraph.js";

const TYPE = "llmfleet:index:AckCluster";

describe("AckCluster", () => {
  let session: MockSession;
  let cluster: AckCluster;
  let ownCluster: AckCluster;
  let publicCluster: AckCluster;
  let hangzhou: alicloud.Provider;
  let beijing: alicloud.Provider;

  beforeAll(async () => {
    session = startMockSession("llmfleet", "test");
    hangzhou = new alicloud.Provider("hangzhou", { region: "cn-hangzhou" });
    beijing = new alicloud.Provider("beijing", { region: "cn-beijing" });
    cluster = new AckCluster("llm", { zoneIds: ["cn-hangzhou-h", "cn-hangzhou-i"], controlPlaneLogs: {} }, { providers: [hangzhou] });
    ownCluster = new AckCluster("byo", {
      existingCluster: { clusterId: "c-existing", nodeVswitchIds: ["vsw-a", "vsw-b"] },
      extraAddons: [{ name: "ack-keda" }],
      alicloudProvider: beijing,
    });
    publicCluster = new AckCluster(
      "pub",
      { zoneIds: ["cn-hangzhou-h", "cn-hangzhou-i"], apiServer: { access: "public", allowedCidrs: ["203.0.113.0/24"] }, nodeAutoscaling: true, production: false },
      { providers: [hangzhou] },
    );
    await Promise.all([valueOf(cluster.kubeconfig), valueOf(ownCluster.kubeconfig), valueOf(ownCluster.vpcId), valueOf(publicCluster.kubeconfig)]);
    await settle();
  });

  it("creates a VPC, two vSwitches per zone, NAT egress, the cluster, its system pool and a Kubernetes provider", () => {
    expect(typeCounts(childrenOf(session, component(session, TYPE, "llm")))).toEqual({
      "alicloud:vpc/network:Network": 1,
      "alicloud:vpc/switch:Switch": 4,
      "alicloud:vpc/natGateway:NatGateway": 1,
      "alicloud:ecs/eipAddress:EipAddress": 1,
      "alicloud:ecs/eipAssociation:EipAssociation": 1,
      "alicloud:vpc/snatEntry:SnatEntry": 4,
      "alicloud:cs/managedKubernetes:ManagedKubernetes": 1,
      "alicloud:cs/nodePool:NodePool": 1,
      "pulumi:providers:kubernetes": 1,
    });
  });

  it("adds an untainted general-purpose system pool of two nodes across the zones", () => {
    expect(component(session, "alicloud:cs/nodePool:NodePool", "llm-system-pool").plainInputs).toMatchObject({
      nodePoolName: "system",
      instanceTypes: ["ecs.g7.2xlarge"],
      desiredSize: "2",
      multiAzPolicy: "BALANCE",
      taints: [],
      vswitchIds: ["llm-cn-hangzhou-h-nodes-id", "llm-cn-hangzhou-i-nodes-id"],
    });
  });

  it("lets ACK pick the Kubernetes version and creates the cluster with iptables kube-proxy", () => {
    const managed = component(session, "alicloud:cs/managedKubernetes:ManagedKubernetes", "llm-cluster");
    expect(managed.plainInputs["version"]).toBeUndefined();
    expect(managed.plainInputs).toMatchObject({ proxyMode: "iptables" });
  });

  it("protects a production cluster from deletion by Pulumi and keeps it in the cloud when removed from the program", () => {
    expect(component(session, "alicloud:cs/managedKubernetes:ManagedKubernetes", "llm-cluster")).toMatchObject({ protect: true, retainOnDelete: true });
    expect(component(session, "alicloud:cs/managedKubernetes:ManagedKubernetes", "pub-cluster")).toMatchObject({ protect: false, retainOnDelete: false });
  });

  it("points a private cluster's kubeconfig at the intranet endpoint", async () => {
    expect(await valueOf(cluster.kubeconfig)).toContain("server: 'https://192.0.2.20:6443'");
    expect(await valueOf(publicCluster.kubeconfig)).toContain("server: 'https://192.0.2.10:6443'");
  });

  it("gives a public API server an internet endpoint and a whitelist that keeps ACK's control plane and the VPC", () => {
    expect(component(session, "alicloud:cs/managedKubernetes:ManagedKubernetes", "pub-cluster").plainInputs).toMatchObject({ slbInternetEnabled: true });
    const entries = session.resources.filter((r) => r.type === "alicloud:slb/aclEntryAttachment:AclEntryAttachment" && r.name.startsWith("pub-"));
    expect(entries.map((entry) => entry.plainInputs["entry"])).toEqual(["100.104.0.0/16", "192.168.0.0/16", "203.0.113.0/24"]);
  });

  it("enables the cluster autoscaler on request and manages extra ACK components as addons, also on an existing cluster", () => {
    expect(component(session, "alicloud:cs/autoscalingConfig:AutoscalingConfig", "pub-autoscaler").plainInputs).toMatchObject({ scalerType: "cluster-autoscaler", clusterId: "pub-cluster-id" });
    expect(component(session, "alicloud:cs/kubernetesAddon:KubernetesAddon", "byo-addon-ack-keda").plainInputs).toMatchObject({ name: "ack-keda", clusterId: "c-existing" });
  });

  it("gives every Alibaba Cloud child the provider passed in opts.providers", () => {
    const provider = component(session, "pulumi:providers:alicloud", "hangzhou");
    const alicloudChildren = childrenOf(session, component(session, TYPE, "llm")).filter((child) => child.type.startsWith("alicloud:"));
    expect(alicloudChildren).toHaveLength(14);
    for (const child of alicloudChildren) expect(providerUrnOf(child), child.name).toBe(provider.urn);
  });

  it("creates nothing but its addons and the Kubernetes provider for an existing cluster, with the provider passed in args", () => {
    const children = childrenOf(session, component(session, TYPE, "byo"));
    expect(children.find((child) => child.type === "pulumi:providers:kubernetes")?.plainInputs).toMatchObject({ clusterIdentifier: "c-existing" });
    expect(children.map((child) => child.type)).toEqual(["alicloud:cs/kubernetesAddon:KubernetesAddon", "pulumi:providers:kubernetes"]);
  });

  it("reads VPC and RRSA facts of an existing cluster from ACK", async () => {
    expect(await valueOf(ownCluster.vpcId)).toBe("c-existing-vpc-id");
    expect(await valueOf(ownCluster.rrsaOidcProviderArn)).toBe("acs:ram::1234567890:oidc-provider/ack-rrsa-c-existing");
  });

  it("configures ACK Pro with Terway, RRSA, deletion protection, the storage and node addons and control-plane logs", () => {
    const managed = component(session, "alicloud:cs/managedKubernetes:ManagedKubernetes", "llm-cluster");
    expect(managed.plainInputs).toMatchObject({
      clusterSpec: "ack.pro.small",
      enableRrsa: true,
      deletionProtection: true,
      newNatGateway: false,
      slbInternetEnabled: false,
      serviceCidr: "172.21.0.0/20",
      podVswitchIds: ["llm-cn-hangzhou-h-pods-id", "llm-cn-hangzhou-i-pods-id"],
      vswitchIds: ["llm-cn-hangzhou-h-nodes-id", "llm-cn-hangzhou-i-nodes-id"],
      addons: [{ name: "terway-eniip" }, { name: "csi-plugin" }, { name: "csi-provisioner" }, { name: "ack-node-problem-detector" }],
      controlPlaneLogComponents: ["apiserver", "kcm", "scheduler"],
      controlPlaneLogTtl: "30",
    });
  });

  it("routes every node and pod vSwitch through SNAT on the NAT gateway's EIP", () => {
    const snat = session.resources.filter((resource) => resource.type === "alicloud:vpc/snatEntry:SnatEntry" && resource.name.startsWith("llm-"));
    expect(snat.map((entry) => entry.plainInputs["sourceVswitchId"])).toEqual([
      "llm-cn-hangzhou-h-nodes-id",
      "llm-cn-hangzhou-i-nodes-id",
      "llm-cn-hangzhou-h-pods-id",
      "llm-cn-hangzhou-i-pods-id",
    ]);
    for (const entry of snat) expect(entry.plainInputs).toMatchObject({ snatTableId: "llm-nat-snat-table-id", snatIp: "203.0.113.10" });
    expect(component(session, "alicloud:vpc/natGateway:NatGateway", "llm-nat").plainInputs).toMatchObject({ natType: "Enhanced" });
  });

  it("keeps the kubeconfig secret, in the output and in the Kubernetes provider", async () => {
    expect(await pulumi.isSecret(cluster.kubeconfig)).toBe(true);
    expect(await pulumi.isSecret(ownCluster.kubeconfig)).toBe(true);
    expect(component(session, "pulumi:providers:kubernetes", "llm-k8s").secretPaths).toContain("kubeconfig");
  });

  it("identifies the Kubernetes provider by cluster id, so a rotated kubeconfig never replaces workloads", () => {
    expect(component(session, "pulumi:providers:kubernetes", "llm-k8s").plainInputs).toMatchObject({ clusterIdentifier: "llm-cluster-id" });
  });

  it("rejects invalid arguments with an InputPropertyError naming the field, before registering anything", () => {
    const attempt = () => new AckCluster("bad", { zoneIds: ["cn-hangzhou-h"] }, { providers: [hangzhou] });
    expect(attempt).toThrow(pulumi.InputPropertyError);
    expect(attempt).toThrow(expect.objectContaining({ propertyPath: "args.zoneIds" }));
    expect(session.resources.some((resource) => resource.name === "bad")).toBe(false);
  });

  it("reports several problems at once as an InputPropertiesError", () => {
    const attempt = () => new AckCluster("worse", { zoneIds: ["a", "b"], natBandwidthMbps: 0, kubeconfigTtlMinutes: 1 });
    expect(attempt).toThrow(expect.objectContaining({ errors: [expect.objectContaining({ propertyPath: "args.natBandwidthMbps" }), expect.objectContaining({ propertyPath: "args.kubeconfigTtlMinutes" })] }));
  });

  it("puts no AccessKey in any resource", () => {
    for (const resource of session.resources) expect(JSON.stringify(resource.plainInputs)).not.toMatch(ACCESS_KEY_PATTERN);
  });
});
