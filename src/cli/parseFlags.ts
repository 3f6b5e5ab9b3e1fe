/**
 * Command-line parsing shared by the llmfleet commands: Node's `parseArgs`, with its errors turned
 * into llmfleet errors that name the option, and negative numbers accepted as values.
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { LlmfleetError } from "../errors/index.js";
import { didYouMean } from "../model/nameSuggestions.js";

export type FlagOptions = NonNullable<ParseArgsConfig["options"]>;
export type FlagValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * `--max-model-len -5` → `--max-model-len=-5`: parseArgs refuses a value that starts with a dash as
 * ambiguous, which would hide the real problem (a negative number) behind a message about syntax.
 */
function joinNegativeValues(args: readonly string[], options: FlagOptions): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? "";
    const next = args[i + 1];
    const option = arg.startsWith("--") ? options[arg.slice(2)] : undefined;
    if (option?.type === "string" && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      joined.push(`${arg}=${next}`);
      i += 1;
    } else {
      joined.push(arg);
    }
  }
  return joined;
}

function quoted(message: string): string | undefined {
  return /'([^']+)'/.exec(message)?.[1];
}

/** The llmfleet error for a parseArgs failure, or undefined for anything else. */
function fromParseArgsError(error: unknown, command: string, options: FlagOptions): LlmfleetError | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== "string" || !code.startsWith("ERR_PARSE_ARGS")) return undefined;
  const message = error instanceof Error ? error.message : String(error);
  const help = `see llmfleet ${command} --help for the options`;
  const token = quoted(message) ?? "";
  switch (code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const names = Object.keys(options).map((name) => `--${name}`);
      return new LlmfleetError("option", token, `is not an option of llmfleet ${command}`, didYouMean(token.replace(/=.*$/, ""), names, help));
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE": {
      const flag = token.split(" ")[0] ?? token;
      const option = options[flag.replace(/^--/, "")];
      if (option?.type === "boolean") return new LlmfleetError(flag, undefined, "takes no value", `write ${flag} alone; ${help}`);
      return new LlmfleetError(flag, undefined, "needs a value", `write ${flag} <value>; ${help}`);
    }
    case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
      return new LlmfleetError("argument", token, `is not an option of llmfleet ${command} (options start with --)`, `remove it, or give it after the option it belongs to; ${help}`);
    default:
      return new LlmfleetError("arguments", undefined, message.split("\n")[0] ?? message, help);
  }
}

/**
 * Parses `args` for `llmfleet <command>` against `options` (strict: unknown options are errors).
 *
 * @throws LlmfleetError naming the option for an unknown option, a missing value or a stray argument
 */
export function parseFlags(command: string, args: readonly string[], options: FlagOptions): FlagValues {
  try {
    return parseArgs({ args: joinNegativeValues(args, options), options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw fromParseArgsError(error, command, options) ?? error;
  }
}

/** The string value of a string option, or undefined. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}
