/**
 * The network under an ACK cluster: a new VPC with a node and a pod vSwitch per zone, or an existing
 * VPC's vSwitches, and an Enhanced NAT gateway with an EIP and SNAT entries for egress (nodes pull
 * images and weights from the internet; nothing reaches them from it).
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import type { ZoneVswitches } from "../src/cluster/index.js";

export interface ClusterNetworkResources {
  readonly vpcId: pulumi.Output<string>;
  /** One per zone, in zone order. */
  readonly nodeVswitchIds: pulumi.Output<string>[];
  /** One per zone, in zone order (Terway pod vSwitches). */
  readonly podVswitchIds: pulumi.Output<string>[];
}

export interface ChildOptions {
  readonly parent: pulumi.Resource;
  readonly provider: pulumi.ProviderResource | undefined;
}

export interface ExistingVpcArgs {
  /** Id of the VPC. */
  vpcId: pulumi.Input<string>;
  /** The VPC's CIDR block, to check the service CIDR against it, e.g. `10.0.0.0/8`. */
  cidrBlock: string;
  /** A node vSwitch and a Terway pod vSwitch per zone; at least two zones. */
  zones: { zoneId: string; nodeVswitchId: pulumi.Input<string>; podVswitchId: pulumi.Input<string> }[];
}

export function createVpcNetwork(name: string, vpcCidr: string, zones: readonly ZoneVswitches[], opts: ChildOptions): ClusterNetworkResources {
  const vpc = new alicloud.vpc.Network(`${name}-vpc`, { vpcName: name, cidrBlock: vpcCidr }, { ...opts });
  const vswitch = (zoneId: string, role: "nodes" | "pods", cidrBlock: string) =>
    new alicloud.vpc.Switch(`${name}-${zoneId}-${role}`, { vpcId: vpc.id, zoneId, cidrBlock, vswitchName: `${name}-${zoneId}-${role}` }, { ...opts }).id;
  return {
    vpcId: vpc.id,
    nodeVswitchIds: zones.map((zone) => vswitch(zone.zoneId, "nodes", zone.nodeCidr)),
    podVswitchIds: zones.map((zone) => vswitch(zone.zoneId, "pods", zone.podCidr)),
  };
}

export function adoptVpcNetwork(existing: ExistingVpcArgs): ClusterNetworkResources {
  return {
    vpcId: pulumi.output(existing.vpcId),
    nodeVswitchIds: existing.zones.map((zone) => pulumi.output(zone.nodeVswitchId)),
    podVswitchIds: existing.zones.map((zone) => pulumi.output(zone.podVswitchId)),
  };
}

/**
 * Enhanced NAT gateway in the first node vSwitch, an EIP bound to it, and one SNAT entry per
 * vSwitch. Returns the SNAT entries: the cluster waits for them, since nodes need egress to boot.
 */
export function createNatEgress(name: string, network: ClusterNetworkResources, bandwidthMbps: number, opts: ChildOptions): pulumi.Resource[] {
  const [natVswitchId] = network.nodeVswitchIds;
  const nat = new alicloud.vpc.NatGateway(
    `${name}-nat`,
    { vpcId: network.vpcId, vswitchId: natVswitchId, natType: "Enhanced", natGatewayName: name, paymentType: "PayAsYouGo", networkType: "internet" },
    { ...opts },
  );
  const eip = new alicloud.ecs.EipAddress(
    `${name}-nat-eip`,
    { addressName: `${name}-nat`, bandwidth: String(bandwidthMbps), internetChargeType: "PayByTraffic", paymentType: "PayAsYouGo" },
    { ...opts },
  );
  const association = new alicloud.ecs.EipAssociation(`${name}-nat-eip-binding`, { allocationId: eip.id, instanceId: nat.id, instanceType: "Nat" }, { ...opts });
  // snatTableIds is a comma-separated list; a new gateway has exactly one table.
  const snatTableId = nat.snatTableIds.apply((ids) => ids.split(",")[0] ?? ids);
  return [...network.nodeVswitchIds, ...network.podVswitchIds].map(
    (sourceVswitchId, index) =>
      new alicloud.vpc.SnatEntry(`${name}-snat-${index}`, { snatTableId, snatIp: eip.ipAddress, sourceVswitchId }, { ...opts, dependsOn: [association] }),
  );
}
