import { writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { parse } from "yaml";
import { LlmfleetError, createUserFolder, fileSystemError } from "../errors/index.js";
import { MODEL_CATALOGUE, findCatalogueEntry } from "../model/catalogue.js";
import { didYouMean } from "../model/nameSuggestions.js";
import { resolveGpu } from "../gpu/index.js";
import { DEFAULT_REGION, FLEET_CONFIG_KEY, parseFleet, planFleet } from "../stack/index.js";
import { scaffoldStackFile, type ClusterChoice, type StackScaffold } from "../stack/scaffold.js";
import { choiceFlag, wholeNumberFlag } from "./flagValues.js";
import { parseFlags, stringFlag, type FlagOptions, type FlagValues } from "./parseFlags.js";

export const INIT_USAGE = `Usage: llmfleet init [--stack NAME] [--model NAME] [--gpu GPU] [--cluster new|existing] [options]

Writes a commented stack file, stacks/Pulumi.NAME.yaml, for one model on one GPU pool, that
\`llmfleet preview --stack NAME\` previews clean. Never overwrites an existing file.

Options:
  --stack NAME              stack name (default dev)
  --file PATH               where to write (default stacks/Pulumi.NAME.yaml)
  --model NAME              catalogue model (default qwen2.5-7b-instruct; llmfleet plan --list-models)
  --gpu GPU                 GPU model or instance type (default A10; llmfleet plan --list-gpus)
  --max-model-len N         longest prompt + output in tokens (default: the model's context)
  --environment ENV         dev, staging or prod (default dev)
  --cluster new|existing    create an ACK cluster, or use one you have (default new)
  --region REGION           Alibaba Cloud region (default ${DEFAULT_REGION})
  --zones A,B               zones of a new cluster (default cn-hangzhou-h,cn-hangzhou-i in ${DEFAULT_REGION})
  --cluster-id ID           existing cluster: its ACK id (default: a placeholder to replace)
  --vswitch-ids A,B         existing cluster: vSwitches in two zones (default: placeholders)
  --host NAME               host name of the endpoint (default NAME-of-the-model.STACK.example.com)
  --bucket NAME             OSS bucket for the weights (default llmfleet-STACK-models)

Exit status: 0 written, 2 bad input or the file exists.`;

export const INIT_OPTIONS = {
  stack: { type: "string" },
  file: { type: "string" },
  model: { type: "string" },
  gpu: { type: "string" },
  "max-model-len": { type: "string" },
  environment: { type: "string" },
  cluster: { type: "string" },
  region: { type: "string" },
  zones: { type: "string" },
  "cluster-id": { type: "string" },
  "vswitch-ids": { type: "string" },
  host: { type: "string" },
  bucket: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const satisfies FlagOptions;

const ENVIRONMENTS = ["dev", "staging", "prod"] as const;
const STACK_NAME = /^[A-Za-z0-9_.-]+$/;
/** Zones the dev stack uses, which sell A10, L20 and the other catalogue GPUs. */
const DEFAULT_ZONES = ["cn-hangzhou-h", "cn-hangzhou-i"];
/** Obviously fake ids that pass the id checks, so the file previews before the user has real ones. */
const PLACEHOLDER_CLUSTER_ID = "c00000000000000000000000000000000";
const PLACEHOLDER_VSWITCH_IDS = ["vsw-0000000000000000000000a", "vsw-0000000000000000000000b"];

/** A DNS label of at most 32 characters from a model or GPU name: `qwen2.5-7b-instruct` → `qwen2-5-7b-instruct`. */
function dnsLabel(name: string): string {
  const label = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^[^a-z]+/, "").slice(0, 32).replace(/-+$/, "");
  return label === "" ? "model" : label;
}

function list(values: FlagValues, flag: string): string[] | undefined {
  const text = stringFlag(values, flag);
  return text?.split(",").map((item) => item.trim()).filter((item) => item !== "");
}

function clusterChoice(values: FlagValues, region: string): ClusterChoice {
  const mode = choiceFlag("--cluster", stringFlag(values, "cluster") ?? "new", ["new", "existing"], "a cluster mode");
  if (mode === "new") {
    const zones = list(values, "zones") ?? (region === DEFAULT_REGION ? DEFAULT_ZONES : undefined);
    if (zones === undefined) {
      throw new LlmfleetError("--zones", undefined, `is needed with --region ${region}: llmfleet knows no zones of it`, `give two zones of ${region}, e.g. --zones ${region}-a,${region}-b as the ECS console lists them`);
    }
    return { mode, zones };
  }
  const clusterId = stringFlag(values, "cluster-id");
  const vswitchIds = list(values, "vswitch-ids");
  return {
    mode,
    clusterId: clusterId ?? PLACEHOLDER_CLUSTER_ID,
    nodeVswitchIds: vswitchIds ?? PLACEHOLDER_VSWITCH_IDS,
    placeholders: clusterId === undefined || vswitchIds === undefined,
  };
}

/** The scaffold the flags ask for, with the model and GPU resolved and planned. */
function scaffoldFrom(values: FlagValues): StackScaffold {
  const stack = stringFlag(values, "stack") ?? "dev";
  if (!STACK_NAME.test(stack)) throw new LlmfleetError("--stack", stack, "is not a stack name (letters, digits, '_', '.', '-')", "use a name such as dev or team-a");
  const modelName = stringFlag(values, "model") ?? "qwen2.5-7b-instruct";
  const catalogue = findCatalogueEntry(modelName);
  if (catalogue === null) {
    throw new LlmfleetError(
      "--model",
      modelName,
      "is not a model in the llmfleet catalogue, which is where a stack names its models from",
      didYouMean(modelName, Object.keys(MODEL_CATALOGUE), "use a name from llmfleet plan --list-models"),
    );
  }
  const gpu = stringFlag(values, "gpu") ?? "A10";
  const choice = resolveGpu(gpu);
  const maxModelLenText = stringFlag(values, "max-model-len");
  const region = stringFlag(values, "region") ?? DEFAULT_REGION;
  const deploymentName = dnsLabel(catalogue.name);
  return {
    stack,
    environment: choiceFlag("--environment", stringFlag(values, "environment") ?? "dev", ENVIRONMENTS, "an llmfleet environment"),
    region,
    cluster: clusterChoice(values, region),
    model: catalogue.name,
    modelRepo: catalogue.entry.repo,
    gpu,
    deploymentName,
    poolName: dnsLabel(choice.instanceType?.family ?? choice.gpu.name),
    bucket: stringFlag(values, "bucket") ?? `llmfleet-${dnsLabel(stack)}-models`,
    host: stringFlag(values, "host") ?? `${deploymentName}.${dnsLabel(stack)}.example.com`,
    maxModelLen: maxModelLenText === undefined ? undefined : wholeNumberFlag("--max-model-len", maxModelLenText, { unit: "tokens", example: 8192 }),
    planSummary: "",
    planWarnings: [],
  };
}

/** Flag names for the fleet keys init fills from flags, so a refusal names what the user typed. */
const FLAG_FOR_KEY: Readonly<Record<string, string>> = {
  region: "--region",
  "cluster.zones": "--zones",
  "cluster.clusterId": "--cluster-id",
  "cluster.nodeVswitchIds": "--vswitch-ids",
  "storage.bucket": "--bucket",
  "routes[0].hosts": "--host",
  "deployments[0].maxModelLen": "--max-model-len",
  "deployments[0].model": "--model",
};

function asFlagError(error: unknown): unknown {
  if (!(error instanceof LlmfleetError)) return error;
  const key = error.field.replace(`${FLEET_CONFIG_KEY}.`, "").replace(/\[\d+\]$/, "");
  const flag = FLAG_FOR_KEY[key] ?? (key.startsWith("nodePools[0]") ? "--gpu" : undefined);
  return flag === undefined ? error : new LlmfleetError(flag, error.value, error.reason, error.fix);
}

/** Plans the scaffold's fleet as the preview will, so the comments state the plan and a bad choice fails now. */
function planned(scaffold: StackScaffold): StackScaffold {
  const document = parse(scaffoldStackFile(scaffold)) as { config: Record<string, unknown> };
  try {
    const { config: fleet, locate } = parseFleet(document.config[FLEET_CONFIG_KEY]);
    const plan = planFleet(fleet, locate).deployments.get(scaffold.deploymentName);
    if (plan === undefined) return scaffold;
    return {
      ...scaffold,
      planSummary:
        `${plan.nodes} × ${plan.instanceType} per replica, TP ${plan.tensorParallel} × PP ${plan.pipelineParallel} (${plan.gpus} ${plan.gpu.name}), ` +
        `${plan.kvCacheTokens.toLocaleString("en-US")} KV-cache tokens at ${plan.model.maxModelLen.toLocaleString("en-US")} tokens per sequence`,
      planWarnings: plan.warnings,
    };
  } catch (error) {
    throw asFlagError(error);
  }
}

/** Runs `llmfleet init`; returns what it wrote and what to run next. */
export function runInit(args: readonly string[]): string {
  const values = parseFlags("init", args, INIT_OPTIONS);
  if (values["help"] === true) return INIT_USAGE;
  const scaffold = planned(scaffoldFrom(values));
  const file = resolve(stringFlag(values, "file") ?? join("stacks", `Pulumi.${scaffold.stack}.yaml`));
  const fix = "choose another --stack name or --file path (init never overwrites a file)";
  createUserFolder(dirname(file), "--file", fix);
  try {
    // `wx`: fails if the file exists, atomically, so init never replaces a file the user has.
    writeFileSync(file, scaffoldStackFile(scaffold), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new LlmfleetError("--file", file, "already exists", fix);
    throw fileSystemError("--file", file, "the stack file cannot be written", error, fix);
  }
  const shown = relative(process.cwd(), file);
  const inStacks = shown === join("stacks", `Pulumi.${scaffold.stack}.yaml`);
  const lines = [
    `Wrote ${shown}: ${scaffold.model} on ${scaffold.gpu} (${scaffold.environment}, ${scaffold.cluster.mode} cluster).`,
    `  ${scaffold.planSummary}`,
    ...scaffold.planWarnings.map((warning) => `  ! ${warning}`),
    "",
    "Next:",
    `  npx llmfleet preview ${inStacks ? `--stack ${scaffold.stack}` : `--config-file ${shown}`}   # offline: plans, manifests, policy`,
  ];
  if (scaffold.cluster.mode === "existing" && scaffold.cluster.placeholders) {
    lines.push("  replace the placeholder clusterId and nodeVswitchIds in the file before pulumi up");
  }
  lines.push(`  choose your own OSS bucket name (${scaffold.bucket}) and host (${scaffold.host}) before pulumi up`);
  return lines.join("\n");
}
