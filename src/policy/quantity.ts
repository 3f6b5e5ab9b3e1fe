/** Kubernetes resource quantities (`16Gi`, `500m`, `2`) as numbers. */
import { isUnknown } from "./values.js";

const SUFFIX_FACTORS: Readonly<Record<string, number>> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
};

const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)([a-zA-Z]*)$/;

/** The quantity in base units (bytes for memory), or undefined when missing, unknown or malformed. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string" || isUnknown(value)) return undefined;
  const match = QUANTITY.exec(value.trim());
  if (!match) return undefined;
  const factor = SUFFIX_FACTORS[match[2] ?? ""];
  return factor === undefined ? undefined : Number(match[1]) * factor;
}

export const GIB = 2 ** 30;

/** `17179869184` → `16Gi`, for messages. */
export function formatGiB(bytes: number): string {
  return `${Number((bytes / GIB).toFixed(2))}Gi`;
}
