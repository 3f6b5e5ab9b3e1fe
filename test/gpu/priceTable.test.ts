import { describe, expect, it } from "vitest";
import { parsePriceFlag, parsePriceTable } from "../../src/gpu/index.js";
import { errorOf } from "../support/errors.js";

describe("parsePriceTable (JSON)", () => {
  it("reads an object of instance type to price, keyed by the canonical ecs. name", () => {
    const table = parsePriceTable('{"ecs.gn7i-c8g1.2xlarge": 11.1, "gn8is.2xlarge": 20}', "prices.json");
    expect([...table]).toEqual([
      ["ecs.gn7i-c8g1.2xlarge", 11.1],
      ["ecs.gn8is.2xlarge", 20],
    ]);
  });

  it("names the entry when the instance type is unknown", () => {
    const error = errorOf(() => parsePriceTable('{"ecs.g7.large": 1}', "prices.json"));
    expect(error.field).toBe("prices.ecs.g7.large");
    expect(error.message).toContain("prices.json");
    expect(error.fix).toContain("ecs.gn7i-c8g1.2xlarge");
  });

  it("rejects quoted, zero and negative prices, naming the entry", () => {
    const quoted = errorOf(() => parsePriceTable('{"gn7i-c8g1.2xlarge": "11.1"}', "prices.json"));
    expect(quoted.field).toBe("prices.ecs.gn7i-c8g1.2xlarge");
    expect(quoted.value).toBe("11.1");
    expect(quoted.reason).toContain("not a number");
    expect(errorOf(() => parsePriceTable('{"gn7i-c8g1.2xlarge": 0}', "p.json")).reason).toContain("positive");
    expect(errorOf(() => parsePriceTable('{"gn7i-c8g1.2xlarge": -3}', "p.json")).value).toBe(-3);
  });

  it("rejects duplicate entries that differ only in the ecs. prefix", () => {
    const error = errorOf(() => parsePriceTable('{"gn7i-c8g1.2xlarge": 1, "ecs.gn7i-c8g1.2xlarge": 2}', "p.json"));
    expect(error.field).toBe("prices.ecs.gn7i-c8g1.2xlarge");
    expect(error.reason).toContain("twice");
  });

  it("rejects invalid JSON, arrays and empty objects with field prices", () => {
    expect(errorOf(() => parsePriceTable("{ nope", "p.json")).field).toBe("prices");
    expect(errorOf(() => parsePriceTable("{ nope", "p.json")).reason).toContain("p.json is not valid JSON");
    expect(errorOf(() => parsePriceTable("{}", "p.json")).reason).toContain("no prices");
  });
});

describe("parsePriceTable (CSV)", () => {
  it("reads lines with and without a header, skipping blanks and comments", () => {
    const withHeader = parsePriceTable("instanceType,price\necs.gn7i-c8g1.2xlarge,11.1\n\n# bare metal\nebmgn8v.48xlarge, 300\n", "p.csv");
    expect([...withHeader]).toEqual([
      ["ecs.gn7i-c8g1.2xlarge", 11.1],
      ["ecs.ebmgn8v.48xlarge", 300],
    ]);
    const withoutHeader = parsePriceTable("ecs.gn7i-c8g1.2xlarge,11.1\r\necs.ebmgn8v.48xlarge,300\r\n", "p.csv");
    expect(withoutHeader).toEqual(withHeader);
  });

  it("names the line and entry of a bad price", () => {
    const error = errorOf(() => parsePriceTable("instanceType,price\ngn7i-c8g1.2xlarge,cheap\n", "p.csv"));
    expect(error.field).toBe("prices.ecs.gn7i-c8g1.2xlarge");
    expect(error.value).toBe("cheap");
    expect(error.reason).toContain("line 2 of p.csv");
  });

  it("does not take a bad first line for a header when it names a known instance type", () => {
    expect(errorOf(() => parsePriceTable("gn7i-c8g1.2xlarge,abc\n", "p.csv")).field).toBe("prices.ecs.gn7i-c8g1.2xlarge");
  });

  it("rejects unknown instance types after the header and malformed lines", () => {
    expect(errorOf(() => parsePriceTable("type,price\nfoo,1\n", "p.csv")).field).toBe("prices.foo");
    const malformed = errorOf(() => parsePriceTable("gn7i-c8g1.2xlarge,1,2\n", "p.csv"));
    expect(malformed.field).toBe("prices");
    expect(malformed.reason).toContain("line 1 of p.csv");
    expect(errorOf(() => parsePriceTable("instanceType,price\n", "p.csv")).reason).toContain("no prices");
  });
});

describe("parsePriceFlag", () => {
  it("reads comma-separated instanceType=price entries", () => {
    expect([...parsePriceFlag("ecs.gn7i-c8g1.2xlarge=11.1,ecs.gn8is.2xlarge=20")]).toEqual([
      ["ecs.gn7i-c8g1.2xlarge", 11.1],
      ["ecs.gn8is.2xlarge", 20],
    ]);
    expect(parsePriceFlag(" gn8is.2xlarge = 2.5e1 , ").get("ecs.gn8is.2xlarge")).toBe(25);
  });

  it("names the --price entry at fault (the inline flag, not the --prices file)", () => {
    const badPrice = errorOf(() => parsePriceFlag("ecs.gn7i-c8g1.2xlarge=11.1,ecs.gn8is.2xlarge=abc"));
    expect(badPrice.field).toBe("--price");
    expect(badPrice.value).toBe("ecs.gn8is.2xlarge=abc");
    expect(badPrice.message).toContain("not a number");
    expect(errorOf(() => parsePriceFlag("ecs.nope=1")).value).toBe("ecs.nope=1");
    expect(errorOf(() => parsePriceFlag("ecs.gn8is.2xlarge=-1")).reason).toContain("positive");
    expect(errorOf(() => parsePriceFlag("ecs.gn8is.2xlarge")).reason).toContain("instanceType=price");
    expect(errorOf(() => parsePriceFlag("ecs.gn8is.2xlarge=")).reason).toContain("not a number");
    expect(errorOf(() => parsePriceFlag(" , ")).field).toBe("--price");
    expect(errorOf(() => parsePriceFlag("x=abc")).message).toBe(
      '--price = "x=abc": not a GPU instance type llmfleet knows (entry "x=abc"). Fix: use a catalogue instance type such as ecs.gn7i-c8g1.2xlarge (the "ecs." prefix is optional)',
    );
  });
});
