import { describe, expect, it } from "vitest";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { parseFleet, weightsLocation } from "../../src/stack/index.js";

function stackFleet(stack: string): Record<string, unknown> {
  return structuredClone(loadStackFile({ stack }).config["llmfleet:fleet"]) as Record<string, unknown>;
}

describe("model storage of a stack", () => {
  it("uses an existing bucket unless told to create one (bucket names are global)", () => {
    const fleet = { ...stackFleet("dev"), storage: { kind: "oss", bucket: "acme-models" } };
    const parsed = parseFleet(fleet);
    expect(parsed.config.storage).toEqual({ kind: "oss", bucket: "acme-models", create: false });
    expect(parsed.warnings).toEqual([expect.stringMatching(/^llmfleet:fleet\.storage\.create is not set and now defaults to false .*set storage\.create: true to keep managing it/)]);
  });

  it.each(["dev", "staging", "batch"])("%s keeps creating the bucket it created before the default changed", (stack) => {
    const parsed = parseFleet(stackFleet(stack));
    expect(parsed.config.storage).toMatchObject({ kind: "oss", create: true });
    expect(parsed.warnings).toEqual([]);
  });

  it("says where each model's weights must be: the model folder at the bucket root", () => {
    expect(weightsLocation({ kind: "oss", bucket: "llmfleet-prod-models", create: false }, "Qwen2.5-72B-Instruct")).toBe("oss://llmfleet-prod-models/Qwen2.5-72B-Instruct/");
  });
});
