import { LlmfleetError, readUserFile } from "../errors/index.js";
import { parsePriceFlag, parsePriceTable, type PriceTable } from "../gpu/index.js";
import { stringFlag, type FlagValues } from "./parseFlags.js";

/** The `--prices FILE` and `--price type=price,…` options of `plan` and `preview`. */
export const PRICE_OPTIONS = {
  prices: { type: "string" },
  price: { type: "string" },
} as const;

/** The hourly prices of `--prices FILE` or `--price type=price,…`; both at once is ambiguous. */
export function pricesFrom(values: FlagValues): PriceTable | undefined {
  const file = stringFlag(values, "prices");
  const inline = stringFlag(values, "price");
  if (file !== undefined && inline !== undefined) {
    throw new LlmfleetError("--price", inline, "cannot be combined with --prices", "put every price in the --prices file, or give them all with --price");
  }
  if (file !== undefined) return parsePriceTable(readUserFile(file, "--prices"), file);
  return inline === undefined ? undefined : parsePriceFlag(inline);
}
