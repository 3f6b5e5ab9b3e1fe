import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { carveCidrs, cidrContains, cidrsOverlap, formatCidr, parseCidr } from "../../src/cluster/cidr.js";

function cidr(text: string) {
  const parsed = parseCidr(text);
  if (parsed === undefined) throw new Error(`bad fixture ${text}`);
  return parsed;
}

describe("CIDR maths", () => {
  it("parses and formats a block", () => {
    expect(formatCidr(cidr("192.168.64.0/18"))).toBe("192.168.64.0/18");
  });

  it("rejects host bits, bad octets and bad prefixes", () => {
    expect(parseCidr("10.0.0.1/16")).toBeUndefined();
    expect(parseCidr("10.0.300.0/24")).toBeUndefined();
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(parseCidr("10.0.0.0")).toBeUndefined();
  });

  it("finds overlap between a VPC and a service range inside it", () => {
    expect(cidrsOverlap(cidr("172.16.0.0/12"), cidr("172.21.0.0/20"))).toBe(true);
    expect(cidrsOverlap(cidr("192.168.0.0/16"), cidr("172.21.0.0/20"))).toBe(false);
  });

  it("treats adjacent blocks as disjoint", () => {
    expect(cidrsOverlap(cidr("10.0.0.0/24"), cidr("10.0.1.0/24"))).toBe(false);
  });

  it("carves aligned blocks in order and refuses what does not fit", () => {
    const blocks = carveCidrs(cidr("192.168.0.0/16"), [18, 18, 22]);
    expect(blocks?.map(formatCidr)).toEqual(["192.168.0.0/18", "192.168.64.0/18", "192.168.128.0/22"]);
    expect(carveCidrs(cidr("192.168.0.0/16"), [17, 17, 24])).toBeUndefined();
    expect(carveCidrs(cidr("192.168.0.0/16"), [15])).toBeUndefined();
  });

  it("carves blocks that lie inside the parent and never overlap (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 20 }), fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 8 }), (parentPrefix, extra) => {
        const parent = { network: 0x0a000000 & ((0xffffffff << (32 - parentPrefix)) >>> 0), prefixLength: parentPrefix };
        const blocks = carveCidrs(parent, extra.map((bits) => parentPrefix + bits).sort((a, b) => a - b));
        if (blocks === undefined) return;
        for (const [index, block] of blocks.entries()) {
          expect(cidrContains(parent, block)).toBe(true);
          for (const other of blocks.slice(index + 1)) expect(cidrsOverlap(block, other)).toBe(false);
        }
      }),
    );
  });
});
