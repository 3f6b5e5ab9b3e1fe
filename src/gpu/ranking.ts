/** Orders candidate instance types: by user price when given, else by size. */
import { compareNames, gpuOf } from "./catalogue.js";
import type { InstanceType, PriceTable } from "./types.js";

/** Numeric order that also holds for infinities (where subtraction gives NaN). */
function ascending(x: number, y: number): number {
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/** GPU memory per GPU; an instance type whose GPU is not in the catalogue sorts after known ones. */
function gpuMemoryGB(type: InstanceType): number {
  return gpuOf(type)?.memoryGB ?? Number.POSITIVE_INFINITY;
}

/**
 * Price-free order, smallest first: GPU count ascending, then GPU memory ascending, then vCPU
 * ascending, then name, so the order is total and the same on every machine. How many nodes a plan
 * needs is the caller's concern.
 */
export function compareWithoutPrices(a: InstanceType, b: InstanceType): number {
  return (
    ascending(a.gpuCount, b.gpuCount) ||
    ascending(gpuMemoryGB(a), gpuMemoryGB(b)) ||
    ascending(a.vcpu, b.vcpu) ||
    compareNames(a.name, b.name)
  );
}

/**
 * Returns the candidates in preference order (a new array; the input is not changed).
 *
 * With `prices`: cheapest hourly price first; candidates the table does not price follow all priced
 * ones; ties and unpriced candidates are ordered by `compareWithoutPrices`.
 * Without `prices`: by `compareWithoutPrices`.
 *
 * @param candidates instance types to order
 * @param prices optional user price table keyed by `ecs.` instance type name
 */
export function rankInstanceTypes(candidates: readonly InstanceType[], prices?: PriceTable): InstanceType[] {
  if (prices === undefined) return [...candidates].sort(compareWithoutPrices);
  const priceOf = (type: InstanceType): number => prices.get(type.name) ?? Number.POSITIVE_INFINITY;
  return [...candidates].sort((a, b) => ascending(priceOf(a), priceOf(b)) || compareWithoutPrices(a, b));
}
