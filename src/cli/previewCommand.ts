import { withOfflinePlaceholders } from "../preview/offlinePlaceholders.js";
import { claimOutputFolder } from "../preview/outputFolder.js";
import { formatPreview, planDocument, previewExitCode, writePreview } from "../preview/report.js";
import { previewStack } from "../preview/runStack.js";
import { loadStackFile } from "../preview/stackFile.js";
import { parseFlags, stringFlag, type FlagOptions } from "./parseFlags.js";

export const PREVIEW_USAGE = `Usage: llmfleet preview [--stack NAME | --config-file PATH] [--out DIR] [--json]

Runs a stack's Pulumi program offline, under Pulumi's mocks: no cloud credentials, no Pulumi CLI.
Prints the sizing plan of each deployment, the resources (counts and parent tree) and the policy
results; writes DIR/manifests/*.yaml (every Kubernetes object, ready for kubectl apply),
DIR/charts.yaml (Helm charts by chart, version and values) and DIR/plan.json. Secrets are redacted.

Options:
  --stack NAME         stacks/Pulumi.NAME.yaml (default dev)
  --config-file PATH   any Pulumi stack configuration file with an llmfleet:fleet key
  --out DIR            where to write (default .preview/NAME): a new or empty folder, or one an
                       earlier preview wrote; only files the preview recorded there are replaced
  --json               print plan.json to stdout instead of the summary

Exit status: 0 valid with no mandatory policy violation, 1 a mandatory violation or an invalid
manifest, 2 an invalid configuration.`;

/** The options of `llmfleet preview`. */
export const PREVIEW_OPTIONS = {
  stack: { type: "string" },
  "config-file": { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const satisfies FlagOptions;

export async function runPreview(args: readonly string[]): Promise<{ out: string; code: number }> {
  const values = parseFlags("preview", args, PREVIEW_OPTIONS);
  if (values["help"] === true) return { out: PREVIEW_USAGE, code: 0 };
  const file = loadStackFile({ stack: stringFlag(values, "stack"), configFile: stringFlag(values, "config-file") });
  // Claimed before the preview runs, so an unusable folder fails at once, not after the whole run.
  const folder = claimOutputFolder(stringFlag(values, "out") ?? `.preview/${file.stack}`);
  const offline = withOfflinePlaceholders(file);
  const preview = await previewStack(offline.file);
  const written = writePreview(preview, folder, offline.placeholders);
  const out = values["json"] === true ? JSON.stringify(planDocument(preview, offline.placeholders), null, 2) : formatPreview(preview, written, offline.placeholders);
  return { out, code: previewExitCode(preview) };
}
