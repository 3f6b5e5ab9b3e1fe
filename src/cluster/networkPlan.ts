/**
 * The address plan of an ACK cluster with Terway: per zone one vSwitch for nodes and one for pods
 * (Terway gives pods VPC addresses from the pod vSwitches), plus a service CIDR that must lie
 * outside the VPC. Overlaps are caught here, before ACK rejects them half-way through a deploy.
 */
import { LlmfleetError } from "../errors/index.js";
import { carveCidrs, cidrContains, cidrsOverlap, formatCidr, parseCidr, type Cidr } from "./cidr.js";

export interface ZoneVswitches {
  readonly zoneId: string;
  readonly nodeCidr: string;
  readonly podCidr: string;
}

export interface VswitchLayout {
  readonly vpcCidr: string;
  readonly zoneIds: readonly string[];
  /** Prefix length of each zone's node vSwitch (22 = 1,024 addresses). */
  readonly nodePrefixLength: number;
  /** Prefix length of each zone's pod vSwitch (19 = 8,192 pod addresses). */
  readonly podPrefixLength: number;
  /**
   * `zone-stable` (default): zone i's pod block is the i-th from the bottom of the VPC and its node
   * block the i-th from the top, so adding a zone at the end of the list moves no existing vSwitch.
   * `packed`: llmfleet's first layout (every pod block, then every node block), which re-carves
   * every node vSwitch when a zone is added; kept for clusters created with it.
   */
  readonly layout?: VswitchLayoutKind;
}

export const VSWITCH_LAYOUTS = ["zone-stable", "packed"] as const;
export type VswitchLayoutKind = (typeof VSWITCH_LAYOUTS)[number];

/** Parses a CIDR or throws an error naming `field`. */
export function requireCidr(text: string, field: string): Cidr {
  const cidr = parseCidr(text);
  if (cidr === undefined) {
    throw new LlmfleetError(field, text, "is not an IPv4 CIDR block with zero host bits", "write it as a.b.c.d/n, e.g. 192.168.0.0/16");
  }
  return cidr;
}

/**
 * Carves node and pod vSwitch CIDRs for each zone out of the VPC CIDR. Zone-stable by default (see
 * `VswitchLayout.layout`); `packed` allocates pod blocks first (the largest), then node blocks, each
 * aligned to its size, so nothing overlaps and no space is wasted — until a zone is added.
 */
export function planVswitches(layout: VswitchLayout): ZoneVswitches[] {
  const vpc = requireCidr(layout.vpcCidr, "vpcCidr");
  const zoneCount = layout.zoneIds.length;
  if ((layout.layout ?? "zone-stable") === "zone-stable") return zoneStableVswitches(vpc, layout);
  const blocks = carveCidrs(vpc, [
    ...layout.zoneIds.map(() => layout.podPrefixLength),
    ...layout.zoneIds.map(() => layout.nodePrefixLength),
  ]);
  if (blocks === undefined) throw tooSmall(layout);
  return layout.zoneIds.map((zoneId, index) => {
    const pod = blocks[index];
    const node = blocks[zoneCount + index];
    if (pod === undefined || node === undefined) throw new Error("carveCidrs returned fewer blocks than requested");
    return { zoneId, nodeCidr: formatCidr(node), podCidr: formatCidr(pod) };
  });
}

function tooSmall(layout: VswitchLayout): LlmfleetError {
  const zoneCount = layout.zoneIds.length;
  return new LlmfleetError(
    "vpcCidr",
    layout.vpcCidr,
    `is too small for ${zoneCount} pod vSwitches of /${layout.podPrefixLength} and ${zoneCount} node vSwitches of /${layout.nodePrefixLength}`,
    "use a larger VPC CIDR (e.g. a /16), fewer zones, or longer vSwitch prefix lengths",
  );
}

/**
 * Pod blocks grow up from the bottom of the VPC, node blocks down from the top, each in zone order:
 * a zone's blocks depend only on its position in the list, never on how many zones follow it.
 */
function zoneStableVswitches(vpc: Cidr, layout: VswitchLayout): ZoneVswitches[] {
  const podSize = 2 ** (32 - layout.podPrefixLength);
  const nodeSize = 2 ** (32 - layout.nodePrefixLength);
  const vpcEnd = vpc.network + 2 ** (32 - vpc.prefixLength);
  const zoneCount = layout.zoneIds.length;
  if (layout.podPrefixLength < vpc.prefixLength || layout.nodePrefixLength < vpc.prefixLength) throw tooSmall(layout);
  if (vpc.network + zoneCount * podSize > vpcEnd - zoneCount * nodeSize) throw tooSmall(layout);
  return layout.zoneIds.map((zoneId, index) => ({
    zoneId,
    podCidr: formatCidr({ network: vpc.network + index * podSize, prefixLength: layout.podPrefixLength }),
    nodeCidr: formatCidr({ network: vpcEnd - (index + 1) * nodeSize, prefixLength: layout.nodePrefixLength }),
  }));
}

export interface AddressPlan {
  readonly vpcCidr: string;
  /** Every vSwitch CIDR by the field that set it, e.g. `existingVpc.zones[1].podCidr`. */
  readonly vswitchCidrs: Readonly<Record<string, string>>;
  readonly serviceCidr: string;
}

/**
 * Checks that every vSwitch lies inside the VPC, that no two vSwitches overlap, and that the
 * service CIDR overlaps neither the VPC (and so neither nodes nor Terway pods) nor any vSwitch.
 */
export function checkAddressPlan(plan: AddressPlan): void {
  const vpc = requireCidr(plan.vpcCidr, "vpcCidr");
  const service = requireCidr(plan.serviceCidr, "serviceCidr");
  const vswitches = Object.entries(plan.vswitchCidrs).map(([field, text]) => ({ field, text, cidr: requireCidr(text, field) }));
  if (cidrsOverlap(vpc, service)) {
    throw new LlmfleetError(
      "serviceCidr",
      plan.serviceCidr,
      `overlaps the VPC CIDR ${plan.vpcCidr}; with Terway, pods take VPC addresses, so Services would shadow nodes and pods`,
      "choose a service CIDR outside the VPC, e.g. 172.21.0.0/20 for a 192.168.0.0/16 VPC",
    );
  }
  vswitches.forEach((vswitch, index) => {
    if (!cidrContains(vpc, vswitch.cidr)) {
      throw new LlmfleetError(vswitch.field, vswitch.text, `lies outside the VPC CIDR ${plan.vpcCidr}`, "choose a vSwitch CIDR inside the VPC");
    }
    const clash = vswitches.slice(0, index).find((other) => cidrsOverlap(other.cidr, vswitch.cidr));
    if (clash !== undefined) {
      throw new LlmfleetError(vswitch.field, vswitch.text, `overlaps ${clash.field} (${clash.text})`, "give every node and pod vSwitch its own CIDR");
    }
  });
}
