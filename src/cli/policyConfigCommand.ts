import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { stackPackConfig } from "../policy/stackPackConfig.js";
import { loadStackFile } from "../preview/stackFile.js";
import { FLEET_CONFIG_KEY, parseFleetConfig } from "../stack/index.js";

export const POLICY_CONFIG_USAGE = `Usage: llmfleet policy-config [--stack NAME | --config-file PATH] [--out FILE]

Prints the CrossGuard policy-pack configuration of a stack: each rule's enforcement level from the
stack's environment and its policy.enforcement overrides, the levels the offline preview applies.
CrossGuard cannot read the stack file, so give it this file:

  npx llmfleet policy-config --stack batch --out policy/config/batch.json
  pulumi preview --stack batch --policy-pack policy --policy-pack-config policy/config/batch.json

Options:
  --stack NAME         stacks/Pulumi.NAME.yaml (default dev)
  --config-file PATH   any Pulumi stack configuration file with an llmfleet:fleet key
  --out FILE           write the JSON there instead of printing it

Exit status: 0, or 2 for an invalid stack file.`;

export function runPolicyConfig(args: readonly string[]): { out: string; code: number } {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    options: { stack: { type: "string" }, "config-file": { type: "string" }, out: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help === true) return { out: POLICY_CONFIG_USAGE, code: 0 };
  const file = loadStackFile({ stack: values.stack, configFile: values["config-file"] });
  const fleet = parseFleetConfig(file.config[FLEET_CONFIG_KEY]);
  const levels = stackPackConfig({ environment: fleet.environment, enforcement: fleet.policy.enforcement }, `${FLEET_CONFIG_KEY}.policy`);
  const json = `${JSON.stringify(levels, null, 2)}\n`;
  if (values.out === undefined) return { out: json.trimEnd(), code: 0 };
  writeFileSync(values.out, json);
  return { out: `Wrote ${values.out} for stack ${file.stack} (${fleet.environment})`, code: 0 };
}
