/**
 * Plausible values for outputs that only a cloud provider computes, so that programs run end to end
 * under mocks. Values are obviously fake (ids end in `-id`, addresses are documentation ranges).
 * Each area adds the outputs its components read.
 */
type Inputs = Record<string, unknown>;

/** A kubeconfig that points at a documentation address: what the preview uses wherever a real one would be. */
export const FAKE_KUBECONFIG = [
  "apiVersion: v1",
  "kind: Config",
  "clusters: [{name: ack, cluster: {server: 'https://192.0.2.10:6443'}}]",
  "contexts: [{name: ack, context: {cluster: ack, user: ack}}]",
  "current-context: ack",
  "users: [{name: ack, user: {token: mock-token}}]",
].join("\n");

const resourceStates: Readonly<Record<string, (name: string, inputs: Inputs) => Inputs>> = {
  "random:index/randomPassword:RandomPassword": (name, inputs) => ({
    result: `mock-${name}-${"x".repeat(Math.max(0, Number(inputs["length"] ?? 32) - name.length - 6))}`,
  }),
  "alicloud:cs/managedKubernetes:ManagedKubernetes": (name) => ({
    vpcId: `${name}-vpc-id`,
    natGatewayId: `${name}-nat-id`,
    securityGroupId: `${name}-sg-id`,
    workerRamRoleName: `KubernetesWorkerRole-${name}`,
    slbId: `${name}-slb-id`,
    connections: { apiServerIntranet: "https://192.0.2.20:6443", apiServerInternet: "https://198.51.100.20:6443", masterPublicIp: "", serviceDomain: "" },
    rrsaMetadata: {
      enabled: true,
      ramOidcProviderArn: `acs:ram::1234567890:oidc-provider/ack-rrsa-${name}`,
      ramOidcProviderName: `ack-rrsa-${name}`,
      rrsaOidcIssuerUrl: `https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/${name}`,
    },
  }),
  "alicloud:vpc/natGateway:NatGateway": (name) => ({ snatTableIds: `${name}-snat-table-id`, forwardTableIds: `${name}-forward-table-id` }),
  "alicloud:ecs/eipAddress:EipAddress": () => ({ ipAddress: "203.0.113.10" }),
  "alicloud:ram/role:Role": (name, inputs) => ({ arn: `acs:ram::1234567890:role/${String(inputs["roleName"] ?? name)}` }),
  "alicloud:nas/mountTarget:MountTarget": (name) => ({ mountTargetDomain: `${name}-id.cn-hangzhou.nas.aliyuncs.com` }),
};

const callResults: Readonly<Record<string, (inputs: Inputs) => Inputs>> = {
  "alicloud:cs/getClusterCredential:getClusterCredential": (inputs) => ({
    clusterId: inputs["clusterId"],
    kubeConfig: FAKE_KUBECONFIG,
    certificateAuthority: {},
    expiration: "2099-01-01T00:00:00Z",
  }),
  "alicloud:cs/getManagedKubernetesClusters:getManagedKubernetesClusters": (inputs) => {
    const ids = Array.isArray(inputs["ids"]) ? inputs["ids"].map(String) : [];
    return {
      ids,
      clusters: ids.map((id) => ({
        id,
        vpcId: `${id}-vpc-id`,
        rrsaConfig: {
          enabled: true,
          ramOidcProviderArn: `acs:ram::1234567890:oidc-provider/ack-rrsa-${id}`,
          ramOidcProviderName: `ack-rrsa-${id}`,
          rrsaOidcIssuerUrl: `https://oidc-ack-cn-hangzhou.oss-cn-hangzhou.aliyuncs.com/${id}`,
        },
      })),
    };
  },
};

export function fakeResourceState(type: string, name: string, inputs: Inputs): Inputs {
  return resourceStates[type]?.(name, inputs) ?? {};
}

export function fakeCallResult(token: string, inputs: Inputs): Inputs {
  return callResults[token]?.(inputs) ?? {};
}
