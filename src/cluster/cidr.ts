/** IPv4 CIDR maths for VPC, vSwitch, pod and service ranges. Addresses are unsigned 32-bit numbers. */

export interface Cidr {
  /** Network address (host bits zero). */
  readonly network: number;
  readonly prefixLength: number;
}

const CIDR_PATTERN = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** Parses `10.0.0.0/16`; undefined for anything else, including host bits set (`10.0.0.1/16`). */
export function parseCidr(text: string): Cidr | undefined {
  const match = CIDR_PATTERN.exec(text.trim());
  if (match === null) return undefined;
  const [octetA, octetB, octetC, octetD, prefix] = match.slice(1).map(Number);
  if (octetA === undefined || octetB === undefined || octetC === undefined || octetD === undefined || prefix === undefined) return undefined;
  if ([octetA, octetB, octetC, octetD].some((octet) => octet > 255) || prefix > 32) return undefined;
  const address = ((octetA << 24) | (octetB << 16) | (octetC << 8) | octetD) >>> 0;
  if ((address & ~maskOf(prefix)) >>> 0 !== 0) return undefined;
  return { network: address, prefixLength: prefix };
}

export function formatCidr(cidr: Cidr): string {
  const { network } = cidr;
  return `${network >>> 24}.${(network >>> 16) & 255}.${(network >>> 8) & 255}.${network & 255}/${cidr.prefixLength}`;
}

/** Number of addresses in the block. */
export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefixLength);
}

function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

function lastAddress(cidr: Cidr): number {
  return cidr.network + cidrSize(cidr) - 1;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.network <= lastAddress(b) && b.network <= lastAddress(a);
}

export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  return outer.network <= inner.network && lastAddress(inner) <= lastAddress(outer);
}

/**
 * Allocates aligned blocks of the given prefix lengths from `parent`, in order, each at the lowest
 * free address aligned to its own size. Allocating the largest blocks first wastes no space.
 * Returns undefined when they do not fit.
 */
export function carveCidrs(parent: Cidr, prefixLengths: readonly number[]): Cidr[] | undefined {
  const blocks: Cidr[] = [];
  let next = parent.network;
  for (const prefixLength of prefixLengths) {
    if (prefixLength < parent.prefixLength) return undefined;
    const size = 2 ** (32 - prefixLength);
    const aligned = Math.ceil(next / size) * size;
    const block = { network: aligned, prefixLength };
    if (!cidrContains(parent, block)) return undefined;
    blocks.push(block);
    next = aligned + size;
  }
  return blocks;
}
