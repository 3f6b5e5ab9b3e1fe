import type { PriceTable } from "../gpu/index.js";
import { fleetCosts, type DeploymentCost, type ReplicaRange } from "../preview/costs.js";
import { withOfflinePlaceholders } from "../preview/offlinePlaceholders.js";
import { claimOutputFolder } from "../preview/outputFolder.js";
import { diffPreviews, readBaseline } from "../preview/planDiff.js";
import { formatPreview, planDocument, previewExitCode, writePreview, type PreviewExtras } from "../preview/report.js";
import { previewStack, type StackPreview } from "../preview/runStack.js";
import { loadStackFile, type StackFile } from "../preview/stackFile.js";
import { FLEET_CONFIG_KEY, parseFleetConfig } from "../stack/index.js";
import { wholeNumberFlag } from "./flagValues.js";
import { parseFlags, stringFlag, type FlagOptions } from "./parseFlags.js";
import { PRICE_OPTIONS, pricesFrom } from "./priceFlags.js";

export const PREVIEW_USAGE = `Usage: llmfleet preview [--stack NAME | --config-file PATH] [--out DIR] [--json] [options]

Runs a stack's Pulumi program offline, under Pulumi's mocks: no cloud credentials, no Pulumi CLI.
Prints the sizing plan of each deployment, the resources (counts and parent tree), the policy
results and the endpoints with how to call them; writes DIR/manifests/*.yaml (every Kubernetes
object, ready for kubectl apply), DIR/charts.yaml (Helm charts by chart, version and values) and
DIR/plan.json. Secrets are redacted.

Options:
  --stack NAME              stacks/Pulumi.NAME.yaml (default dev)
  --config-file PATH        any Pulumi stack configuration file with an llmfleet:fleet key
  --out DIR                 where to write (default .preview/NAME): a new or empty folder, or one an
                            earlier preview wrote; only files the preview recorded there are replaced
  --json                    print plan.json to stdout instead of the summary
  --prices FILE             hourly prices per instance type (JSON object or CSV type,price): adds
                            the cost per hour and per million tokens
  --price <type=price,...>  the same prices inline
  --tokens-per-second N     measured tokens per second of one replica, for the cost per token
                            (default: llmfleet's bandwidth-bound estimate, an upper bound)
  --diff DIR                compare with an earlier preview (its folder or its plan.json)

Exit status: 0 valid with no mandatory policy violation, 1 a mandatory violation or an invalid
manifest, 2 an invalid configuration or bad input.`;

/** The options of `llmfleet preview`. */
export const PREVIEW_OPTIONS = {
  stack: { type: "string" },
  "config-file": { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
  ...PRICE_OPTIONS,
  "tokens-per-second": { type: "string" },
  diff: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies FlagOptions;

/** Replica range per deployment, from the stack's configuration (the plans hold one replica). */
function replicaRanges(file: StackFile): Map<string, ReplicaRange> {
  const fleet = parseFleetConfig(file.config[FLEET_CONFIG_KEY]);
  return new Map(fleet.deployments.map((d) => [d.name, d.autoscaling === undefined ? { min: d.replicas, max: d.replicas } : { min: d.autoscaling.minReplicas, max: d.autoscaling.maxReplicas }]));
}

function costsOf(preview: StackPreview, file: StackFile, prices: PriceTable | undefined, tokensPerSecond: number | undefined): readonly DeploymentCost[] | undefined {
  return prices === undefined ? undefined : fleetCosts(preview.plans, replicaRanges(file), prices, tokensPerSecond);
}

export async function runPreview(args: readonly string[]): Promise<{ out: string; code: number }> {
  const values = parseFlags("preview", args, PREVIEW_OPTIONS);
  if (values["help"] === true) return { out: PREVIEW_USAGE, code: 0 };
  // Every input is read and checked before the (slow) preview runs, so bad input fails at once.
  const prices = pricesFrom(values);
  const tokensText = stringFlag(values, "tokens-per-second");
  const tokensPerSecond = tokensText === undefined ? undefined : wholeNumberFlag("--tokens-per-second", tokensText, { unit: "tokens per second", example: 1500 });
  const file = loadStackFile({ stack: stringFlag(values, "stack"), configFile: stringFlag(values, "config-file") });
  // Read before the new preview may overwrite it (`--diff` and `--out` are often the same folder).
  const diff = stringFlag(values, "diff");
  const baseline = diff === undefined ? undefined : readBaseline(diff);
  const folder = claimOutputFolder(stringFlag(values, "out") ?? `.preview/${file.stack}`);

  const offline = withOfflinePlaceholders(file);
  const preview = await previewStack(offline.file);
  const extras: PreviewExtras = {
    placeholders: offline.placeholders,
    costs: costsOf(preview, offline.file, prices, tokensPerSecond),
    changes: baseline === undefined ? undefined : diffPreviews(baseline, planDocument(preview)),
  };
  const written = writePreview(preview, folder, extras);
  const out = values["json"] === true ? JSON.stringify(planDocument(preview, extras), null, 2) : formatPreview(preview, written, extras);
  return { out, code: previewExitCode(preview) };
}
