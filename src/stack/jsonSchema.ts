import { z } from "zod";
import { fleetConfigSchema } from "./config.js";
import { FLEET_CONFIG_KEY } from "./parse.js";

const JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema";

/**
 * The JSON Schema of a stack file (`stacks/Pulumi.<stack>.yaml`), generated from the zod schema the
 * preview and the components validate with, so editor completion and validation can never drift
 * from llmfleet's own. Describes what may be written (defaults are optional), under `config:`;
 * other config keys (`alicloud:region`, the project's own) are free.
 */
export function stackFileJsonSchema(): Record<string, unknown> {
  const { $schema: _dialect, ...fleet } = z.toJSONSchema(fleetConfigSchema, { io: "input" });
  return {
    $schema: JSON_SCHEMA_DIALECT,
    title: "llmfleet stack file (Pulumi.<stack>.yaml)",
    description: "A Pulumi stack configuration whose llmfleet:fleet key is one environment's LLM inference fleet.",
    type: "object",
    properties: {
      config: {
        type: "object",
        properties: {
          [FLEET_CONFIG_KEY]: { description: "The fleet: cluster, GPU node pools, model storage, deployments, routes, mesh, monitoring, policy.", ...fleet },
          "alicloud:region": { type: "string", description: `Region of Pulumi's default Alibaba Cloud provider; must equal ${FLEET_CONFIG_KEY}.region when set.` },
        },
        required: [FLEET_CONFIG_KEY],
      },
      encryptionsalt: { type: "string" },
      secretsprovider: { type: "string" },
      encryptedkey: { type: "string" },
    },
    required: ["config"],
  };
}
