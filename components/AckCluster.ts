/**
 * `llmfleet:index:AckCluster`: an ACK managed cluster (or an existing one) and the Kubernetes
 * provider that deploys onto it.
 */
import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { planAckCluster, systemPoolSettings, withKubeconfigServer, type AckClusterPlan, type SystemPoolArgsInput } from "../src/cluster/index.js";
import { adoptVpcNetwork, createNatEgress, createVpcNetwork, type ChildOptions, type ClusterNetworkResources, type ExistingVpcArgs } from "./clusterNetwork.js";
import { validateArgs } from "./inputErrors.js";
import { providerFor } from "./providers.js";

export type { ExistingVpcArgs } from "./clusterNetwork.js";

const TYPE = "llmfleet:index:AckCluster";

export interface ControlPlaneLogsArgs {
  /** Control-plane components whose logs go to SLS. Default `["apiserver", "kcm", "scheduler"]`. */
  components?: ("apiserver" | "kcm" | "scheduler" | "ccm" | "controlplane-events")[];
  /** SLS project; default: ACK creates one. */
  slsProject?: string;
  /** Retention in days. Default 30. */
  ttlDays?: number;
}

export interface ClusterAddonArgs {
  /** ACK addon name, e.g. `ack-kube-queue`. */
  name: string;
  /** Addon configuration as a JSON string. */
  config?: string;
  /** Addon version; default: ACK's current one. */
  version?: string;
}

export interface ExistingClusterArgs {
  /** Id of the ACK cluster. Also the Kubernetes provider's identity. */
  clusterId: pulumi.Input<string>;
  /** vSwitches GPU node pools may use, in at least two zones. */
  nodeVswitchIds: pulumi.Input<string>[];
  /** Kubeconfig to use instead of a temporary one from `cs.getClusterCredential`. Kept secret. */
  kubeconfig?: pulumi.Input<string>;
}

export interface AckClusterArgs {
  /** ACK cluster name (DNS label). Default: the component name. */
  clusterName?: string;
  /** Production hardening: deletion protection on, spot refused in pools. Default true. */
  production?: boolean;
  /** ACK edition. Default `ack.pro.small`. */
  clusterSpec?: "ack.pro.small" | "ack.pro.xlarge" | "ack.standard";
  /**
   * Kubernetes version `x.y.z-aliyun.n`, checked against the minors ACK creates clusters on
   * (`src/cluster/kubernetesVersions.ts`). Default: unset, ACK's newest at creation.
   */
  kubernetesVersion?: string;
  /** Zones of a new VPC, at least two; one node and one pod vSwitch each. Not with `existingVpc`. */
  zoneIds?: string[];
  /** CIDR block of a new VPC. Default `192.168.0.0/16`. */
  vpcCidr?: string;
  /** Explicit vSwitch CIDRs per zone (same order as `zoneIds`). Default: carved from `vpcCidr`. */
  vswitchCidrs?: { nodeCidr: string; podCidr: string }[];
  /** Prefix length of carved node vSwitches. Default 22 (1,024 addresses per zone). */
  nodeVswitchPrefixLength?: number;
  /** Prefix length of carved Terway pod vSwitches. Default 19 (8,192 pod addresses per zone). */
  podVswitchPrefixLength?: number;
  /**
   * How vSwitch CIDRs are carved: `zone-stable` (default) keeps every zone's vSwitches when a zone
   * is appended to `zoneIds`; `packed` is the layout of llmfleet before it, for clusters created then.
   */
  vswitchLayout?: "zone-stable" | "packed";
  /** Use an existing VPC and its vSwitches instead of creating them. */
  existingVpc?: ExistingVpcArgs;
  /** Service CIDR; must lie outside the VPC. Immutable after creation. Default `172.21.0.0/20`. */
  serviceCidr?: string;
  /** Create an Enhanced NAT gateway with an EIP and SNAT for egress. Default true. */
  natGateway?: boolean;
  /** Bandwidth of the NAT EIP in Mbit/s (pay by traffic). Default 100. */
  natBandwidthMbps?: number;
  /**
   * API server access. `private` (default): the intranet endpoint only — run Pulumi from inside the
   * VPC. `public`: an internet endpoint, with a whitelist ACL of `allowedCidrs` (plus ACK's
   * control-plane range and the VPC) to bind to its 6443 listener. Create-only in ACK.
   */
  apiServer?: { access: "public"; allowedCidrs: string[] } | { access: "private" };
  /** @deprecated use `apiServer`. `true` is `apiServer: { access: public, allowedCidrs: [0.0.0.0/0] }`. */
  publicApiServer?: boolean;
  /** Refuse cluster deletion. Default: `production`. */
  deletionProtection?: boolean;
  /** Ship control-plane logs to SLS. Default: off. */
  controlPlaneLogs?: ControlPlaneLogsArgs;
  /** Install the ARMS Prometheus addon. Default false. */
  armsPrometheus?: boolean;
  /** Further ACK components, each a `cs.KubernetesAddon` (so adding one later installs it). Default none. */
  extraAddons?: ClusterAddonArgs[];
  /**
   * Lifetime of the kubeconfig from `cs.getClusterCredential`, in minutes (15–4320). Default 4320
   * (three days, the longest ACK issues): `pulumi destroy`/`refresh` later than that need
   * `--run-program` to fetch a fresh one.
   */
  kubeconfigTtlMinutes?: number;
  /**
   * The untainted general-purpose pool for mesh, monitoring, operators and launchers (new clusters).
   * Default `ecs.g7.2xlarge`, sized from `requests` with one spare node, at least 2, across zones.
   */
  systemPool?: SystemPoolArgsInput;
  /** Enable ACK's cluster autoscaler (`cs.AutoscalingConfig`) for pools with a scaling range. Default false. */
  nodeAutoscaling?: boolean;
  /** `protect` and `retainOnDelete` on the cluster. Default: `production`. */
  protect?: boolean;
  /** Bring your own cluster: nothing is created, only the Kubernetes provider. */
  existingCluster?: ExistingClusterArgs;
  /** Alibaba Cloud provider for every child. Default: `opts.providers`, else the stack default. */
  alicloudProvider?: alicloud.Provider;
}

export class AckCluster extends pulumi.ComponentResource {
  readonly clusterId: pulumi.Output<string>;
  /** Kubeconfig (secret). Temporary unless one was given: it rotates on every deployment. */
  readonly kubeconfig: pulumi.Output<string>;
  /** Deploys onto this cluster; identified by the cluster id, so kubeconfig rotation never replaces it. */
  readonly kubernetesProvider: k8s.Provider;
  /** @deprecated use `kubernetesProvider` (the same provider). */
  readonly k8sProvider: k8s.Provider;
  readonly vpcId: pulumi.Output<string>;
  /** vSwitches for GPU node pools, one per zone. */
  readonly nodeVswitchIds: pulumi.Output<string>[];
  /** ACK components managed as `cs.KubernetesAddon`, by component name: what depends on one waits for it. */
  readonly addons: Readonly<Record<string, alicloud.cs.KubernetesAddon>>;
  /** Id of the whitelist ACL for the public API server listener (access `public`), else undefined. */
  readonly apiServerAclId: pulumi.Output<string> | undefined;
  /** ARN of the cluster's RRSA OIDC provider (the principal of RRSA trust policies). */
  readonly rrsaOidcProviderArn: pulumi.Output<string>;
  /** Issuer URL of the cluster's RRSA tokens. */
  readonly rrsaOidcIssuerUrl: pulumi.Output<string>;

  constructor(name: string, args: AckClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    const { alicloudProvider, ...settings } = args;
    const plan = validateArgs(TYPE, () => planAckCluster({ clusterName: name, ...settings }));
    super(TYPE, name, {}, opts);
    const children: ChildOptions = { parent: this, provider: providerFor(this, "alicloud", alicloudProvider) };

    if (plan.mode === "existingCluster") {
      const existingCluster = required(args.existingCluster, "existingCluster");
      this.clusterId = pulumi.output(existingCluster.clusterId);
      const details = existingClusterDetails(this.clusterId, children);
      this.vpcId = details.vpcId;
      this.rrsaOidcProviderArn = details.rrsaConfig.ramOidcProviderArn;
      this.rrsaOidcIssuerUrl = details.rrsaConfig.rrsaOidcIssuerUrl;
      this.nodeVswitchIds = existingCluster.nodeVswitchIds.map((id) => pulumi.output(id));
      this.kubeconfig =
        existingCluster.kubeconfig === undefined
          ? temporaryKubeconfig(this.clusterId, plan.kubeconfigTtlMinutes, children)
          : pulumi.secret(existingCluster.kubeconfig);
      this.apiServerAclId = undefined;
    } else {
      const network =
        plan.network.kind === "newVpc"
          ? createVpcNetwork(name, plan.network.vpcCidr, plan.network.zones, children)
          : adoptVpcNetwork(required(args.existingVpc, "existingVpc"));
      const egress = plan.natGateway ? createNatEgress(name, network, plan.natBandwidthMbps, children) : [];
      const cluster = createManagedCluster(name, plan, network, { ...children, dependsOn: egress, protect: plan.protect, retainOnDelete: plan.protect });
      this.clusterId = cluster.id;
      this.vpcId = network.vpcId;
      this.nodeVswitchIds = network.nodeVswitchIds;
      this.rrsaOidcProviderArn = cluster.rrsaMetadata.ramOidcProviderArn;
      this.rrsaOidcIssuerUrl = cluster.rrsaMetadata.rrsaOidcIssuerUrl;
      const credential = temporaryKubeconfig(this.clusterId, plan.kubeconfigTtlMinutes, children);
      // cs.getClusterCredential always asks for the internet endpoint (PrivateIpAddress: false in
      // terraform-provider-alicloud service_alicloud_cs.go): a private cluster is reached on its intranet one.
      this.kubeconfig =
        plan.apiServer.access === "private"
          ? pulumi.secret(pulumi.all([credential, cluster.connections]).apply(([config, connections]) => withKubeconfigServer(config, connections.apiServerIntranet)))
          : credential;
      this.apiServerAclId = plan.apiServer.access === "public" ? createApiServerAcl(name, plan.apiServer.allowedCidrs, children) : undefined;
      new alicloud.cs.NodePool(`${name}-system-pool`, { clusterId: cluster.id, vswitchIds: network.nodeVswitchIds, ...systemPoolSettings(plan.systemPool) }, { ...children });
    }

    this.addons = Object.fromEntries(
      plan.managedAddons.map((addon) => [addon.name, new alicloud.cs.KubernetesAddon(`${name}-addon-${addon.name}`, { clusterId: this.clusterId, ...addon }, { ...children })]),
    );
    if (plan.nodeAutoscaling) {
      // ACK's "configure auto scaling" (CreateAutoscalingConfig): the cluster autoscaler that grows pools with scalingConfig.enable.
      new alicloud.cs.AutoscalingConfig(
        `${name}-autoscaler`,
        { clusterId: this.clusterId, scalerType: "cluster-autoscaler", scaleUpFromZero: true, gpuUtilizationThreshold: "0.5", expander: "least-waste" },
        { ...children },
      );
    }

    this.kubernetesProvider = new k8s.Provider(`${name}-k8s`, { kubeconfig: this.kubeconfig, clusterIdentifier: this.clusterId }, { parent: this });
    this.k8sProvider = this.kubernetesProvider;
    this.registerOutputs({
      clusterId: this.clusterId,
      kubeconfig: this.kubeconfig,
      kubernetesProvider: this.kubernetesProvider,
      vpcId: this.vpcId,
      nodeVswitchIds: this.nodeVswitchIds,
      rrsaOidcProviderArn: this.rrsaOidcProviderArn,
      rrsaOidcIssuerUrl: this.rrsaOidcIssuerUrl,
      apiServerAclId: this.apiServerAclId,
    });
  }
}

/**
 * The whitelist for the public API server. ACK owns the API server's CLB and its 6443 listener, so
 * llmfleet creates the ACL and its entries, and the ACL is bound once with
 * `aliyun slb SetLoadBalancerTCPListenerAttribute --LoadBalancerId <cluster slbId> --ListenerPort 6443
 * --AclStatus on --AclType white --AclId <apiServerAclId>` (ACK help "Configure API server access control").
 */
function createApiServerAcl(name: string, allowedCidrs: readonly string[], opts: ChildOptions): pulumi.Output<string> {
  const acl = new alicloud.slb.Acl(`${name}-apiserver-acl`, { name: `${name}-apiserver`, ipVersion: "ipv4" }, { ...opts });
  allowedCidrs.forEach((entry, index) => {
    new alicloud.slb.AclEntryAttachment(`${name}-apiserver-acl-${index}`, { aclId: acl.id, entry, comment: "llmfleet api server whitelist" }, { ...opts });
  });
  return acl.id;
}

/** Args the plan's mode implies are present; their absence is a bug in planAckCluster. */
function required<T>(value: T | undefined, field: string): T {
  if (value === undefined) throw new Error(`planAckCluster chose a mode that needs ${field}, which is missing`);
  return value;
}

/** VPC and RRSA facts of a cluster llmfleet did not create. */
function existingClusterDetails(clusterId: pulumi.Output<string>, opts: ChildOptions) {
  return alicloud.cs.getManagedKubernetesClustersOutput({ ids: [clusterId], enableDetails: true }, { ...opts }).apply((result) => {
    const [cluster] = result.clusters;
    if (cluster === undefined) throw new Error(`ACK cluster ${result.ids.join(", ")} was not found with this provider's account and region`);
    return cluster;
  });
}

type NewClusterPlan = Extract<AckClusterPlan, { mode: "newCluster" }>;

function createManagedCluster(
  name: string,
  plan: NewClusterPlan,
  network: ClusterNetworkResources,
  opts: ChildOptions & { dependsOn: pulumi.Resource[]; protect: boolean; retainOnDelete: boolean },
): alicloud.cs.ManagedKubernetes {
  const logs = plan.controlPlaneLogs;
  return new alicloud.cs.ManagedKubernetes(
    `${name}-cluster`,
    {
      name: plan.clusterName,
      clusterSpec: plan.clusterSpec,
      ...(plan.kubernetesVersion === undefined ? {} : { version: plan.kubernetesVersion }),
      vswitchIds: network.nodeVswitchIds,
      podVswitchIds: network.podVswitchIds,
      serviceCidr: plan.serviceCidr,
      proxyMode: plan.proxyMode,
      // Egress is the NAT gateway llmfleet manages (or the existing VPC's own).
      newNatGateway: false,
      slbInternetEnabled: plan.apiServer.access === "public",
      enableRrsa: true,
      deletionProtection: plan.deletionProtection,
      isEnterpriseSecurityGroup: true,
      addons: plan.addons.map((addon) => ({ ...addon })),
      ...(logs === undefined
        ? {}
        : { controlPlaneLogComponents: logs.components, controlPlaneLogProject: logs.slsProject, controlPlaneLogTtl: String(logs.ttlDays) }),
      tags: { "llmfleet.io/managed-by": "pulumi" },
    },
    opts,
  );
}

/** A temporary kubeconfig from `cs.getClusterCredential`, marked secret. */
function temporaryKubeconfig(clusterId: pulumi.Output<string>, ttlMinutes: number, opts: ChildOptions): pulumi.Output<string> {
  const credential = alicloud.cs.getClusterCredentialOutput({ clusterId, temporaryDurationMinutes: ttlMinutes }, { ...opts });
  return pulumi.secret(credential.kubeConfig);
}
