import { readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { LlmfleetError } from "../../src/errors/index.js";
import { startMockSession } from "../../src/preview/index.js";
import { buildFleet } from "../../stacks/fleet.js";

/** The prod stack file's config as the engine hands it to the program (objects as JSON). */
function prodConfig(): Record<string, string> {
  const { config } = parse(readFileSync("stacks/Pulumi.prod.yaml", "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]));
}

/** The llmfleet error behind what the program throws (components wrap it in an InputPropertyError). */
function errorOf(action: () => unknown): LlmfleetError {
  try {
    action();
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    if (cause instanceof LlmfleetError) return cause;
    if (error instanceof LlmfleetError) return error;
    throw error;
  }
  throw new Error("expected an llmfleet error");
}

describe("alert receivers' credentials under a real run", () => {
  it("refuses the shipped placeholder (a plain value) with the command that sets the secret", () => {
    startMockSession("llmfleet", "prod");
    pulumi.runtime.setAllConfig(prodConfig());
    const error = errorOf(() => buildFleet());
    expect(error.field).toBe("llmfleet:pagerdutyRoutingKey");
    expect(error.fix).toBe("run `pulumi config set --secret pagerdutyRoutingKey <value>` for this stack");
    expect(error.message).not.toContain("replace-with");
  });

  it("takes credentials the engine hands over as secrets", () => {
    startMockSession("llmfleet", "prod");
    pulumi.runtime.setAllConfig(prodConfig(), ["llmfleet:pagerdutyRoutingKey", "llmfleet:dingtalkWebhookUrl"]);
    expect(() => buildFleet()).not.toThrow();
  });
});
