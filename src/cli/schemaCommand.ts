import { stackFileJsonSchema } from "../stack/jsonSchema.js";
import { parseFlags } from "./parseFlags.js";

export const SCHEMA_USAGE = `Usage: llmfleet schema > llmfleet.schema.json

Prints the JSON Schema of a stack file (stacks/Pulumi.<stack>.yaml), made from the schema llmfleet
validates with. For completion and checks in editors with the YAML language server, put this line
at the top of the stack file:
  # yaml-language-server: $schema=../llmfleet.schema.json`;

/** Runs `llmfleet schema`; returns the schema as JSON text. */
export function runSchema(args: readonly string[]): string {
  const values = parseFlags("schema", args, { help: { type: "boolean", short: "h" } });
  if (values["help"] === true) return SCHEMA_USAGE;
  return JSON.stringify(stackFileJsonSchema(), null, 2);
}
