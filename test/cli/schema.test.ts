import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parse } from "yaml";
import { afterEach, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main.js";

async function schemaText(): Promise<string> {
  let stdout = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  expect(await main(["schema"])).toBe(0);
  vi.restoreAllMocks();
  return stdout;
}

afterEach(() => vi.restoreAllMocks());

type Document = { config: Record<string, Record<string, unknown>> };

function stack(name: string): Document {
  return parse(readFileSync(`stacks/Pulumi.${name}.yaml`, "utf8")) as Document;
}

describe("llmfleet schema", () => {
  it("prints a JSON Schema that accepts every shipped stack file and refuses what the preview refuses", async () => {
    const schema = JSON.parse(await schemaText()) as Record<string, unknown>;
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);
    for (const name of ["dev", "staging", "prod", "batch"]) expect(validate(stack(name)), `${name}: ${JSON.stringify(validate.errors)}`).toBe(true);

    const typo = stack("dev");
    const fleet = typo.config["llmfleet:fleet"] ?? {};
    fleet["nodePool"] = fleet["nodePools"];
    delete fleet["nodePools"];
    expect(validate(typo)).toBe(false);
    expect(validate.errors?.map((e) => e.params)).toEqual(expect.arrayContaining([{ additionalProperty: "nodePool" }, { missingProperty: "nodePools" }]));

    const environment = stack("dev");
    (environment.config["llmfleet:fleet"] ?? {})["environment"] = "qa";
    expect(validate(environment)).toBe(false);
  });

  it("leaves out keys with defaults from what is required, as a user may write them", async () => {
    const schema = JSON.parse(await schemaText()) as { properties: { config: { properties: Record<string, { required: string[] }> } } };
    const fleet = schema.properties.config.properties["llmfleet:fleet"];
    expect(fleet?.required).toEqual(expect.arrayContaining(["environment", "cluster", "nodePools", "storage", "deployments"]));
    expect(fleet?.required).not.toContain("region");
    expect(fleet?.required).not.toContain("routes");
  });
});
