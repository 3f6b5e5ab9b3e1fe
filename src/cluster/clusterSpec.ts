/**
 * Validation of `AckCluster` arguments and the plain decisions derived from them: which of the
 * three modes (new VPC, existing VPC, existing cluster), the vSwitch address plan, the Kubernetes
 * version, API server access, the addons, and the production hardening.
 */
import { z } from "zod";
import { LlmfleetError, parseWith } from "../errors/index.js";
import { checkKubernetesVersion } from "./kubernetesVersions.js";
import { checkAddressPlan, planVswitches, requireCidr, VSWITCH_LAYOUTS, type ZoneVswitches } from "./networkPlan.js";
import { dnsLabel, pulumiInput } from "./schemaParts.js";
import { DEFAULT_SYSTEM_INSTANCE_TYPE, resolveSystemPool, systemPoolArgsSchema, type SystemPoolSpec } from "./systemPool.js";

const zoneId = z.string().min(1);

/**
 * kube-proxy mode, fixed at creation (`proxy_mode` is ForceNew in terraform-provider-alicloud
 * `resource_alicloud_cs_managed_kubernetes.go`). `iptables`, the upstream default: IPVS is
 * deprecated from Kubernetes 1.35 (KEP-5495), and `nftables` needs kernel 5.13+, newer than
 * Alibaba Cloud Linux 3's 5.10.
 */
export const PROXY_MODE = "iptables";

/**
 * ACK's managed control-plane range: a whitelist on the API server must keep it, or the control
 * plane loses its own API server (ACK help "Configure API server access control").
 */
export const ACK_CONTROL_PLANE_CIDR = "100.104.0.0/16";

/** How Pulumi and kubectl reach the API server. */
export const apiServerSchema = z.discriminatedUnion("access", [
  z.object({ access: z.literal("public"), allowedCidrs: z.array(z.string()).min(1, "needs at least one CIDR allowed to reach the API server") }).strict(),
  z.object({ access: z.literal("private") }).strict(),
]);
export type ApiServerAccess = z.output<typeof apiServerSchema>;

export const ackClusterArgsSchema = z
  .object({
    clusterName: dnsLabel(63),
    production: z.boolean().default(true),
    clusterSpec: z.enum(["ack.pro.small", "ack.pro.xlarge", "ack.standard"]).default("ack.pro.small"),
    kubernetesVersion: z.string().min(1).optional(),
    zoneIds: z.array(zoneId).optional(),
    vpcCidr: z.string().default("192.168.0.0/16"),
    vswitchCidrs: z.array(z.object({ nodeCidr: z.string(), podCidr: z.string() }).strict()).optional(),
    nodeVswitchPrefixLength: z.int().min(16).max(29).default(22),
    podVswitchPrefixLength: z.int().min(16).max(29).default(19),
    vswitchLayout: z.enum(VSWITCH_LAYOUTS).default("zone-stable"),
    existingVpc: z
      .object({
        vpcId: pulumiInput,
        cidrBlock: z.string(),
        zones: z.array(z.object({ zoneId, nodeVswitchId: pulumiInput, podVswitchId: pulumiInput }).strict()),
      })
      .strict()
      .optional(),
    serviceCidr: z.string().default("172.21.0.0/20"),
    natGateway: z.boolean().default(true),
    natBandwidthMbps: z.int().min(1).max(10000).default(100),
    apiServer: apiServerSchema.optional(),
    publicApiServer: z.boolean().optional(),
    deletionProtection: z.boolean().optional(),
    controlPlaneLogs: z
      .object({
        components: z.array(z.enum(["apiserver", "kcm", "scheduler", "ccm", "controlplane-events"])).min(1).default(["apiserver", "kcm", "scheduler"]),
        slsProject: z.string().min(1).optional(),
        ttlDays: z.int().min(1).max(3650).default(30),
      })
      .strict()
      .optional(),
    armsPrometheus: z.boolean().default(false),
    extraAddons: z.array(z.object({ name: z.string().min(1), config: z.string().optional(), version: z.string().optional() }).strict()).default([]),
    kubeconfigTtlMinutes: z.int().min(15).max(4320).default(4320),
    systemPool: systemPoolArgsSchema.default({ instanceType: DEFAULT_SYSTEM_INSTANCE_TYPE, requests: { cpuMillis: 0, memoryMiB: 0 } }),
    nodeAutoscaling: z.boolean().default(false),
    protect: z.boolean().optional(),
    existingCluster: z
      .object({ clusterId: pulumiInput, nodeVswitchIds: z.array(pulumiInput), kubeconfig: pulumiInput.optional() })
      .strict()
      .optional(),
  })
  .strict();

type ParsedArgs = z.output<typeof ackClusterArgsSchema>;

export interface ClusterAddon {
  readonly name: string;
  readonly config?: string;
  readonly version?: string;
}

/** How the cluster's network comes about. */
export type ClusterNetwork =
  | { readonly kind: "newVpc"; readonly vpcCidr: string; readonly zones: readonly ZoneVswitches[] }
  | { readonly kind: "existingVpc"; readonly zoneIds: readonly string[] };

/** What both modes share: addons managed over time, node autoscaling, protection. */
interface ClusterServices {
  readonly kubeconfigTtlMinutes: number;
  /** ACK components installed through `cs.KubernetesAddon`, so that adding one later applies. */
  readonly managedAddons: readonly ClusterAddon[];
  readonly nodeAutoscaling: boolean;
  /** `protect` and `retainOnDelete` on the cluster. */
  readonly protect: boolean;
}

export type AckClusterPlan =
  | (ClusterServices & { readonly mode: "existingCluster"; readonly nodeVswitchCount: number })
  | (ClusterServices &
      Omit<ParsedArgs, "zoneIds" | "vswitchCidrs" | "existingVpc" | "existingCluster" | "deletionProtection" | "extraAddons" | "apiServer" | "publicApiServer" | "systemPool" | "protect"> & {
        readonly mode: "newCluster";
        readonly network: ClusterNetwork;
        readonly deletionProtection: boolean;
        /** Addons of the creation request (ACK applies `addons` only then). */
        readonly addons: readonly ClusterAddon[];
        readonly apiServer: ApiServerAccess;
        readonly proxyMode: typeof PROXY_MODE;
        /** The untainted pool for system workloads. */
        readonly systemPool: SystemPoolSpec;
      });

const MIN_ZONES = 2;

/**
 * The addons of the creation request. ACK reads `addons` only at creation (the provider's update
 * path ignores it), so only what the cluster needs from its first minute is here: the Terway CNI
 * and the CSI plugin and provisioner (static OSS mounts need csi-provisioner from CSI v1.30.4, ACK
 * help "use-dynamically-provisioned-oss-volumes"). Everything else is a `cs.KubernetesAddon`.
 */
export function clusterAddons(): ClusterAddon[] {
  return [{ name: "terway-eniip" }, { name: "csi-plugin" }, { name: "csi-provisioner" }, { name: "ack-node-problem-detector" }];
}

/**
 * ACK components managed one by one with `cs.KubernetesAddon`: its create adopts a component that
 * is already installed and its update applies a new version or config
 * (terraform-provider-alicloud `resource_alicloud_cs_kubernetes_addon.go`), so a component added to
 * a stack later is installed on the next `pulumi up`.
 */
export function managedAddons(args: Pick<ParsedArgs, "armsPrometheus" | "extraAddons">): ClusterAddon[] {
  const addons = [...(args.armsPrometheus ? [{ name: "arms-prometheus" }] : []), ...args.extraAddons];
  return addons.filter((addon, index) => addons.findIndex((other) => other.name === addon.name) === index);
}

/** The API server access asked for: `apiServer`, else the deprecated `publicApiServer` (open to all), else private. */
function resolveApiServer(args: ParsedArgs, vpcCidr: string): ApiServerAccess {
  if (args.apiServer !== undefined && args.publicApiServer !== undefined) {
    throw new LlmfleetError("publicApiServer", args.publicApiServer, "is replaced by apiServer, which is also given", "remove publicApiServer");
  }
  const access = args.apiServer ?? (args.publicApiServer === true ? { access: "public" as const, allowedCidrs: ["0.0.0.0/0"] } : { access: "private" as const });
  if (access.access === "private") return access;
  access.allowedCidrs.forEach((cidr, index) => requireCidr(cidr, `apiServer.allowedCidrs[${index}]`));
  // Nodes reach the API server over the VPC and the control plane from ACK's range; a whitelist without them cuts both off.
  return { access: "public", allowedCidrs: [...new Set([ACK_CONTROL_PLANE_CIDR, vpcCidr, ...access.allowedCidrs])] };
}

function requireZones(count: number, field: string, value: unknown): void {
  if (count < MIN_ZONES) {
    throw new LlmfleetError(field, value, `gives ${count} zone(s); the control plane and GPU pools need at least ${MIN_ZONES} to survive a zone outage`, `list at least ${MIN_ZONES} zones of the region`);
  }
}

function resolveNetwork(args: ParsedArgs): ClusterNetwork {
  if (args.existingVpc !== undefined) {
    if (args.zoneIds !== undefined || args.vswitchCidrs !== undefined) {
      throw new LlmfleetError("zoneIds", args.zoneIds ?? args.vswitchCidrs, "cannot be combined with existingVpc, whose zones are given per vSwitch", "remove zoneIds and vswitchCidrs");
    }
    const zoneIds = args.existingVpc.zones.map((zone) => zone.zoneId);
    requireZones(new Set(zoneIds).size, "existingVpc.zones", zoneIds);
    checkAddressPlan({ vpcCidr: args.existingVpc.cidrBlock, vswitchCidrs: {}, serviceCidr: args.serviceCidr });
    return { kind: "existingVpc", zoneIds };
  }
  const zoneIds = args.zoneIds ?? [];
  requireZones(new Set(zoneIds).size, "zoneIds", args.zoneIds);
  if (args.vswitchCidrs !== undefined && args.vswitchCidrs.length !== zoneIds.length) {
    throw new LlmfleetError("vswitchCidrs", args.vswitchCidrs, `has ${args.vswitchCidrs.length} entries for ${zoneIds.length} zones`, "give one {nodeCidr, podCidr} per zone, in the order of zoneIds");
  }
  const zones =
    args.vswitchCidrs?.map((cidrs, index) => ({ zoneId: zoneIds[index] ?? "", ...cidrs })) ??
    planVswitches({
      vpcCidr: args.vpcCidr,
      zoneIds,
      nodePrefixLength: args.nodeVswitchPrefixLength,
      podPrefixLength: args.podVswitchPrefixLength,
      layout: args.vswitchLayout,
    });
  const vswitchCidrs = Object.fromEntries(
    zones.flatMap((zone, index) => [
      [`vswitchCidrs[${index}].nodeCidr`, zone.nodeCidr],
      [`vswitchCidrs[${index}].podCidr`, zone.podCidr],
    ]),
  );
  checkAddressPlan({ vpcCidr: args.vpcCidr, vswitchCidrs, serviceCidr: args.serviceCidr });
  return { kind: "newVpc", vpcCidr: args.vpcCidr, zones };
}

/**
 * Validates `AckCluster` arguments (without its providers) and decides what to create.
 * @throws LlmfleetError / LlmfleetErrors naming the offending field
 */
export function planAckCluster(input: unknown): AckClusterPlan {
  const args = parseWith(ackClusterArgsSchema, input);
  const services: ClusterServices = {
    kubeconfigTtlMinutes: args.kubeconfigTtlMinutes,
    managedAddons: managedAddons(args),
    nodeAutoscaling: args.nodeAutoscaling,
    protect: args.protect ?? args.production,
  };
  if (args.existingCluster !== undefined) {
    if (args.zoneIds !== undefined || args.existingVpc !== undefined) {
      throw new LlmfleetError("existingCluster", "(given)", "brings its own network, so zoneIds and existingVpc do not apply", "remove zoneIds and existingVpc, or existingCluster");
    }
    requireZones(args.existingCluster.nodeVswitchIds.length, "existingCluster.nodeVswitchIds", `${args.existingCluster.nodeVswitchIds.length} vSwitch(es)`);
    return { mode: "existingCluster", ...services, nodeVswitchCount: args.existingCluster.nodeVswitchIds.length };
  }
  if (args.kubernetesVersion !== undefined) checkKubernetesVersion(args.kubernetesVersion, "kubernetesVersion");
  const network = resolveNetwork(args);
  const vpcCidr = network.kind === "newVpc" ? network.vpcCidr : (args.existingVpc?.cidrBlock ?? args.vpcCidr);
  const {
    zoneIds: _zones,
    vswitchCidrs: _cidrs,
    existingVpc: _vpc,
    existingCluster: _cluster,
    extraAddons: _extra,
    apiServer: _apiServer,
    publicApiServer: _public,
    systemPool,
    protect: _protect,
    ...settings
  } = args;
  return {
    ...settings,
    ...services,
    mode: "newCluster",
    network,
    deletionProtection: args.deletionProtection ?? args.production,
    addons: clusterAddons(),
    apiServer: resolveApiServer(args, vpcCidr),
    proxyMode: PROXY_MODE,
    systemPool: resolveSystemPool(systemPool, "systemPool"),
  };
}
