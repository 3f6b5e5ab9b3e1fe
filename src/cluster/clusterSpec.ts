/**
 * Validation of `AckCluster` arguments and the plain decisions derived from them: which of the
 * three modes (new VPC, existing VPC, existing cluster), the vSwitch address plan, the addons, and
 * the production hardening.
 */
import { z } from "zod";
import { LlmfleetError, parseWith } from "../errors/index.js";
import { checkAddressPlan, planVswitches, type ZoneVswitches } from "./networkPlan.js";
import { dnsLabel, pulumiInput } from "./schemaParts.js";

const zoneId = z.string().min(1);

export const ackClusterArgsSchema = z
  .object({
    clusterName: dnsLabel(63),
    production: z.boolean().default(true),
    clusterSpec: z.enum(["ack.pro.small", "ack.pro.xlarge", "ack.standard"]).default("ack.pro.small"),
    kubernetesVersion: z.string().min(1).default("1.32.1-aliyun.1"),
    zoneIds: z.array(zoneId).optional(),
    vpcCidr: z.string().default("192.168.0.0/16"),
    vswitchCidrs: z.array(z.object({ nodeCidr: z.string(), podCidr: z.string() }).strict()).optional(),
    nodeVswitchPrefixLength: z.int().min(16).max(29).default(22),
    podVswitchPrefixLength: z.int().min(16).max(29).default(19),
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
    publicApiServer: z.boolean().default(false),
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
    kubeconfigTtlMinutes: z.int().min(15).max(4320).default(360),
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

export type AckClusterPlan =
  | { readonly mode: "existingCluster"; readonly kubeconfigTtlMinutes: number; readonly nodeVswitchCount: number }
  | (Omit<ParsedArgs, "zoneIds" | "vswitchCidrs" | "existingVpc" | "existingCluster" | "deletionProtection" | "extraAddons"> & {
      readonly mode: "newCluster";
      readonly network: ClusterNetwork;
      readonly deletionProtection: boolean;
      readonly addons: readonly ClusterAddon[];
    });

const MIN_ZONES = 2;

/** The addons every llmfleet cluster installs at creation (ACK accepts `addons` only then). */
export function clusterAddons(args: Pick<ParsedArgs, "armsPrometheus" | "extraAddons">): ClusterAddon[] {
  return [
    { name: "terway-eniip" },
    { name: "csi-plugin" },
    { name: "csi-provisioner" },
    { name: "ack-node-problem-detector" },
    ...(args.armsPrometheus ? [{ name: "arms-prometheus" }] : []),
    ...args.extraAddons,
  ];
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
    planVswitches({ vpcCidr: args.vpcCidr, zoneIds, nodePrefixLength: args.nodeVswitchPrefixLength, podPrefixLength: args.podVswitchPrefixLength });
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
  if (args.existingCluster !== undefined) {
    if (args.zoneIds !== undefined || args.existingVpc !== undefined) {
      throw new LlmfleetError("existingCluster", "(given)", "brings its own network, so zoneIds and existingVpc do not apply", "remove zoneIds and existingVpc, or existingCluster");
    }
    requireZones(args.existingCluster.nodeVswitchIds.length, "existingCluster.nodeVswitchIds", `${args.existingCluster.nodeVswitchIds.length} vSwitch(es)`);
    return { mode: "existingCluster", kubeconfigTtlMinutes: args.kubeconfigTtlMinutes, nodeVswitchCount: args.existingCluster.nodeVswitchIds.length };
  }
  const network = resolveNetwork(args);
  const { zoneIds: _zones, vswitchCidrs: _cidrs, existingVpc: _vpc, existingCluster: _cluster, extraAddons: _extra, ...settings } = args;
  return {
    ...settings,
    mode: "newCluster",
    network,
    deletionProtection: args.deletionProtection ?? args.production,
    addons: clusterAddons(args),
  };
}
