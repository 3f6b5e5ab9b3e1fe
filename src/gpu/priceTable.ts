/**
 * User-supplied hourly prices per instance type. llmfleet ships no prices: Alibaba Cloud publishes no
 * authoritative hourly list, and prices vary by region, discount and billing method.
 */
import { LlmfleetError } from "../errors/index.js";
import { findInstanceType } from "./catalogue.js";
import { suggestInstanceType } from "./resolveGpu.js";
import type { PriceTable } from "./types.js";

const EXAMPLE_INSTANCE_TYPE = "ecs.gn7i-c8g1.2xlarge";
/** The inline flag; a file's entries are reported as `prices.<instance type>`, the file as `prices`. */
const FLAG = "--price";
const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Where an entry came from, for error messages. */
interface EntrySite {
  /** e.g. `line 3 of prices.csv` */
  readonly where: string;
  /** The whole `--price` entry (`type=price`) when the entry came from the flag. */
  readonly flagEntry?: string;
}

/**
 * File entries are reported as `prices.<instance type>` with the part at fault as the value;
 * flag entries as `--price` with the whole entry, which is what the user typed.
 */
function entryError(site: EntrySite, instanceType: string, value: unknown, reason: string, fix: string): LlmfleetError {
  const located = `${reason} (${site.where})`;
  if (site.flagEntry !== undefined) return new LlmfleetError(FLAG, site.flagEntry, located, fix);
  return new LlmfleetError(`prices.${instanceType}`, value, located, fix);
}

/** The number a price cell spells, or undefined when it is not a plain decimal number. */
function numberFromText(text: string): number | undefined {
  const trimmed = text.trim();
  return NUMBER_TEXT.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * Adds one validated entry to `table`, keyed by the canonical `ecs.` name.
 * `amount` is the parsed price (undefined when it is not a number); `price` is the value as given.
 */
function addEntry(
  table: Map<string, number>,
  instanceTypeText: string,
  amount: number | undefined,
  price: unknown,
  site: EntrySite,
): void {
  const given = instanceTypeText.trim();
  const type = findInstanceType(given);
  if (type === undefined) {
    throw entryError(
      site,
      given,
      given,
      "not a GPU instance type llmfleet knows",
      suggestInstanceType(given, `use a catalogue instance type such as ${EXAMPLE_INSTANCE_TYPE} (the "ecs." prefix is optional)`),
    );
  }
  if (amount === undefined || !Number.isFinite(amount)) {
    throw entryError(site, type.name, price, "the price is not a number", "give the hourly price as a plain number such as 11.1 (unquoted in JSON)");
  }
  if (amount <= 0) {
    throw entryError(site, type.name, price, "the price must be positive", "give the hourly price in your currency, greater than 0");
  }
  if (table.has(type.name)) {
    throw entryError(site, type.name, price, "this instance type is priced twice", "keep one price per instance type");
  }
  table.set(type.name, amount);
}

function nonEmpty(table: Map<string, number>, field: string, value: string, where: string): PriceTable {
  if (table.size === 0) {
    throw new LlmfleetError(field, value, `${where} holds no prices`, `give at least one entry, e.g. ${EXAMPLE_INSTANCE_TYPE}=11.1`);
  }
  return table;
}

function parseJson(text: string, source: string): PriceTable {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new LlmfleetError("prices", source, `${source} is not valid JSON: ${detail}`, `write an object such as {"${EXAMPLE_INSTANCE_TYPE}": 11.1}`);
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new LlmfleetError("prices", source, `${source} is not a JSON object`, `write an object such as {"${EXAMPLE_INSTANCE_TYPE}": 11.1}`);
  }
  const table = new Map<string, number>();
  for (const [instanceType, price] of Object.entries(parsed)) {
    // JSON prices must be JSON numbers: a quoted "11.1" is more likely a mistake than an intent.
    addEntry(table, instanceType, typeof price === "number" ? price : undefined, price, { where: source });
  }
  return nonEmpty(table, "prices", source, source);
}

function parseCsv(text: string, source: string): PriceTable {
  const table = new Map<string, number>();
  let sawFirstLine = false;
  const lines = text.split(/\r?\n/);
  lines.forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) return;
    const where = `line ${index + 1} of ${source}`;
    const cells = line.split(",").map((cell) => cell.trim());
    const isFirstLine = !sawFirstLine;
    sawFirstLine = true;
    const [instanceType, price] = cells;
    if (cells.length !== 2 || instanceType === undefined || price === undefined) {
      throw new LlmfleetError("prices", line, `${where} is not "instanceType,price"`, `write one "${EXAMPLE_INSTANCE_TYPE},11.1" per line`);
    }
    const isHeader = isFirstLine && findInstanceType(instanceType) === undefined && numberFromText(price) === undefined;
    if (!isHeader) addEntry(table, instanceType, numberFromText(price), price, { where });
  });
  return nonEmpty(table, "prices", source, source);
}

/**
 * Parses a price table file: a JSON object (`{"ecs.gn7i-c8g1.2xlarge": 11.1}`) or CSV lines
 * `instanceType,price` with an optional header line; blank lines and `#` comments are skipped.
 * Instance types may omit `ecs.` and are stored under their canonical `ecs.` name.
 *
 * @param text the file contents
 * @param source where the text came from (a file name), quoted in errors
 * @throws LlmfleetError with field `prices.<instance type>` for a bad entry, `prices` for a bad file
 */
export function parsePriceTable(text: string, source: string): PriceTable {
  return text.trimStart().startsWith("{") ? parseJson(text, source) : parseCsv(text, source);
}

/**
 * Parses a `--price` flag value: comma-separated `instanceType=price` entries,
 * e.g. `ecs.gn7i-c8g1.2xlarge=11.1,ecs.gn8is.2xlarge=20`.
 *
 * @throws LlmfleetError with field `--price` naming the entry at fault
 */
export function parsePriceFlag(value: string): PriceTable {
  const table = new Map<string, number>();
  for (const rawEntry of value.split(",")) {
    const entry = rawEntry.trim();
    if (entry === "") continue;
    const equals = entry.indexOf("=");
    if (equals < 0) {
      throw new LlmfleetError(FLAG, entry, `the entry "${entry}" is not "instanceType=price"`, `write entries like ${EXAMPLE_INSTANCE_TYPE}=11.1, separated by commas`);
    }
    const price = entry.slice(equals + 1);
    addEntry(table, entry.slice(0, equals), numberFromText(price), price, { where: `entry "${entry}"`, flagEntry: entry });
  }
  return nonEmpty(table, FLAG, value, `the ${FLAG} value`);
}
