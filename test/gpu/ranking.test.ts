import { describe, expect, it } from "vitest";
import { compareWithoutPrices, findInstanceType, instanceTypesFor, parsePriceFlag, rankInstanceTypes, type InstanceType } from "../../src/gpu/index.js";

function types(...names: string[]): InstanceType[] {
  return names.map((name) => {
    const type = findInstanceType(name);
    if (type === undefined) throw new Error(`fixture names unknown instance type ${name}`);
    return type;
  });
}

const names = (list: readonly InstanceType[]): string[] => list.map((type) => type.name);

describe("compareWithoutPrices", () => {
  it("orders by GPU count, then GPU memory, then vCPU, then name", () => {
    const candidates = types(
      "ecs.gn8is-2x.8xlarge", // 2 × L20 48 GB
      "ecs.gn7i-c32g1.16xlarge", // 2 × A10 24 GB
      "ecs.gn7i-c16g1.4xlarge", // 1 × A10, 16 vCPU
      "ecs.gn7i-c8g1.2xlarge", // 1 × A10, 8 vCPU
      "ecs.gn8is-8x.32xlarge", // 8 × L20, 128 vCPU
      "ecs.ebmgn8is.32xlarge", // 8 × L20, 128 vCPU: name decides
    );
    expect(names([...candidates].sort(compareWithoutPrices))).toEqual([
      "ecs.gn7i-c8g1.2xlarge",
      "ecs.gn7i-c16g1.4xlarge",
      "ecs.gn7i-c32g1.16xlarge",
      "ecs.gn8is-2x.8xlarge",
      "ecs.ebmgn8is.32xlarge",
      "ecs.gn8is-8x.32xlarge",
    ]);
  });

  it("is antisymmetric and zero for the same instance type", () => {
    const [a, b] = types("ecs.gn8is-8x.32xlarge", "ecs.ebmgn8is.32xlarge");
    if (a === undefined || b === undefined) throw new Error("fixture");
    expect(compareWithoutPrices(a, a)).toBe(0);
    expect(Math.sign(compareWithoutPrices(a, b))).toBe(-Math.sign(compareWithoutPrices(b, a)));
  });
});

describe("rankInstanceTypes", () => {
  it("without prices, orders by size and leaves the input untouched", () => {
    const candidates = types("ecs.gn8v-8x.48xlarge", "ecs.gn8v.4xlarge", "ecs.gn8v-4x.24xlarge");
    const before = [...candidates];
    expect(names(rankInstanceTypes(candidates))).toEqual(["ecs.gn8v.4xlarge", "ecs.gn8v-4x.24xlarge", "ecs.gn8v-8x.48xlarge"]);
    expect(candidates).toEqual(before);
  });

  it("with prices, puts the cheapest first and unpriced candidates last in size order", () => {
    const prices = parsePriceFlag("gn7i-8x.32xlarge=60,gn7i-c32g1.16xlarge=25,gn7i-c8g1.2xlarge=11.1");
    expect(names(rankInstanceTypes(instanceTypesFor("A10"), prices))).toEqual([
      "ecs.gn7i-c8g1.2xlarge",
      "ecs.gn7i-c32g1.16xlarge",
      "ecs.gn7i-8x.32xlarge",
      "ecs.gn7i-c16g1.4xlarge",
      "ecs.gn7i-4x.16xlarge",
      "ecs.gn7i-c32g1.32xlarge",
    ]);
  });

  it("breaks price ties by size", () => {
    const prices = parsePriceFlag("gn8is-2x.8xlarge=20,gn8is.2xlarge=20");
    expect(names(rankInstanceTypes(types("ecs.gn8is-2x.8xlarge", "ecs.gn8is.2xlarge"), prices))).toEqual(["ecs.gn8is.2xlarge", "ecs.gn8is-2x.8xlarge"]);
  });
});
