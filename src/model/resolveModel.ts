import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { LlmfleetError } from "../errors/index.js";
import { MODEL_CATALOGUE, findCatalogueEntry } from "./catalogue.js";
import { didYouMean } from "./nameSuggestions.js";
import { parseModelConfig } from "./parseModelConfig.js";
import type { ModelArchitecture } from "./types.js";

/** Reads a text file; injectable so tests and the offline preview need no disk. */
export type TextFileReader = (path: string) => string;

const readUtf8: TextFileReader = (path) => readFileSync(path, "utf8");

function looksLikePath(nameOrPath: string): boolean {
  return /[\\/]/.test(nameOrPath) || nameOrPath.toLowerCase().endsWith(".json") || nameOrPath.startsWith(".");
}

/** A directory is taken to hold a `config.json`, as a downloaded Hugging Face snapshot does. */
function configPath(path: string): string {
  return path.toLowerCase().endsWith(".json") ? path : join(path, "config.json");
}

/** `/models/Qwen3-8B/config.json` → `Qwen3-8B`; `./llama.json` → `llama`. */
function idFromPath(path: string): string {
  const file = basename(path);
  return file === "config.json" ? basename(dirname(path)) : file.replace(/\.json$/i, "");
}

function unknownModel(nameOrPath: string, reason: string): LlmfleetError {
  return new LlmfleetError(
    "model",
    nameOrPath,
    reason,
    didYouMean(nameOrPath, Object.keys(MODEL_CATALOGUE), `use a catalogue name ('llmfleet plan --list-models' lists all ${Object.keys(MODEL_CATALOGUE).length}) or a path to a config.json`),
  );
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readConfigFile(nameOrPath: string, readFile: TextFileReader): ModelArchitecture {
  const path = configPath(nameOrPath);
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw unknownModel(nameOrPath, `not a catalogue model, and ${path} cannot be read (${errorMessage(error)})`);
  }
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new LlmfleetError(
      "model",
      nameOrPath,
      `${path} is not valid JSON (${errorMessage(error)})`,
      "point at the model's Hugging Face config.json",
    );
  }
  return parseModelConfig(config, idFromPath(path));
}

/**
 * Resolves `--model`: a catalogue name or Hugging Face repo id (case-insensitive, e.g. `qwen3-8b` or
 * `Qwen/Qwen3-8B`), or a path to a config.json (or to a directory holding one), read with `readFile`
 * (default: node:fs, UTF-8). The architecture's id is the catalogue name or the file's directory name.
 *
 * @throws LlmfleetError with field `model` for unknown names (suggesting close catalogue names), unreadable files
 *   and invalid JSON; errors inside the config name the key as `config.<key>`.
 */
export function resolveModel(nameOrPath: string, readFile: TextFileReader = readUtf8): ModelArchitecture {
  const found = findCatalogueEntry(nameOrPath);
  if (found) return parseModelConfig(found.entry.config, found.name);
  if (looksLikePath(nameOrPath)) return readConfigFile(nameOrPath, readFile);
  throw unknownModel(nameOrPath, "not a model in the llmfleet catalogue");
}
