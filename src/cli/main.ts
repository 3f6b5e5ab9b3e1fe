import { LlmfleetError, isUserError } from "../errors/index.js";
import { didYouMean } from "../model/nameSuggestions.js";
import { flagForField } from "./flagNames.js";
import { runInit } from "./initCommand.js";
import { runPlan } from "./planCommand.js";
import { runSchema } from "./schemaCommand.js";
import { packageVersion } from "../packageInfo.js";

const USAGE = `Usage: llmfleet <command> [options]

Commands:
  init           write a commented stack file for a model on a GPU, new or existing cluster (llmfleet init --help)
  plan           size a model onto GPUs: parallelism, nodes, memory, KV cache (llmfleet plan --help)
  preview        run a stack offline: plan, resources, manifests, policy results, endpoints (llmfleet preview --help)
  schema         print the JSON Schema of a stack file, for editor completion (llmfleet schema --help)
  policy-config  the CrossGuard policy-pack configuration of a stack (llmfleet policy-config --help)

Options:
  -h, --help      show this help
  -v, --version   print the version`;

const COMMANDS = ["init", "plan", "preview", "schema", "policy-config"];

/** Exit codes: 0 success, 1 mandatory policy violation (preview), 2 bad input. */
export const EXIT_INVALID = 2;

function userMessage(error: LlmfleetError): string {
  const field = flagForField(error.field);
  return new LlmfleetError(field, error.value, error.reason, error.fix).message;
}

async function dispatch(command: string | undefined, rest: readonly string[]): Promise<{ out: string; code: number }> {
  switch (command) {
    case "plan":
      return { out: runPlan(rest), code: 0 };
    case "init":
      return { out: runInit(rest), code: 0 };
    case "schema":
      return { out: runSchema(rest), code: 0 };
    case "preview": {
      // Loaded only here: the preview pulls in Pulumi, which `plan` must not pay for.
      const { runPreview } = await import("./previewCommand.js");
      return runPreview(rest);
    }
    case "policy-config": {
      const { runPolicyConfig } = await import("./policyConfigCommand.js");
      return runPolicyConfig(rest);
    }
    case "--version":
    case "-v":
      return { out: packageVersion(), code: 0 };
    case undefined:
    case "--help":
    case "-h":
    case "help":
      return { out: USAGE, code: 0 };
    default:
      throw new LlmfleetError("command", command, "is not an llmfleet command", didYouMean(command, COMMANDS, "use one of llmfleet init, plan, preview, schema, policy-config (see llmfleet --help)"));
  }
}

/**
 * A reader that went away (`llmfleet preview --json | head -1`) closes the pipe: that ends the output,
 * not the command, so EPIPE is ignored instead of surfacing as an unhandled stream error.
 */
function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== "EPIPE") throw error;
}

/** Runs the CLI; returns the exit code. Never throws for bad input: it prints one `error:` line. */
export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  for (const stream of [process.stdout, process.stderr]) {
    if (!stream.listeners("error").includes(ignoreClosedPipe)) stream.on("error", ignoreClosedPipe);
  }
  try {
    const { out, code } = await dispatch(command, rest);
    if (out !== "") process.stdout.write(`${out}\n`);
    return code;
  } catch (error) {
    if (isUserError(error)) {
      const errors = error instanceof LlmfleetError ? [error] : error.errors;
      process.stderr.write(errors.map((e) => `error: ${userMessage(e)}\n`).join(""));
      return EXIT_INVALID;
    }
    throw error;
  }
}
