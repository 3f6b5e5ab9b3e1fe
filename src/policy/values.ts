/**
 * Typed, crash-free reads of resource props. Props are untyped data that may hold values not known
 * until deployment: the offline preview marks them `"[computed]"`, and the CrossGuard adapter
 * normalises its unknowns to the same marker (see `knownProps`). Reading an object where a marker
 * sits yields `undefined`, so rules skip what they cannot judge unless they ask `isUnknown`.
 */
import { COMPUTED } from "../preview/decode.js";

/** The marker for a value that is only known after deployment. */
export const UNKNOWN = COMPUTED;

export type PlainObject = Readonly<Record<string, unknown>>;

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

export function isObject(value: unknown): value is PlainObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Follows `path` through nested objects; undefined when any step is missing, not an object or unknown. */
export function at(value: unknown, ...path: readonly string[]): unknown {
  let current: unknown = value;
  for (const key of path) {
    if (!isObject(current)) return undefined;
    current = current[key];
  }
  return current;
}

export function objectAt(value: unknown, ...path: readonly string[]): PlainObject | undefined {
  const found = at(value, ...path);
  return isObject(found) ? found : undefined;
}

/** The array at `path`, or an empty array when it is missing or unknown. */
export function arrayAt(value: unknown, ...path: readonly string[]): readonly unknown[] {
  const found = at(value, ...path);
  return Array.isArray(found) ? found : [];
}

/** The objects of the array at `path`, skipping entries that are not objects (e.g. unknown). */
export function objectsAt(value: unknown, ...path: readonly string[]): readonly PlainObject[] {
  return arrayAt(value, ...path).filter(isObject);
}

/** The string at `path`, or undefined when missing, not a string or unknown. */
export function stringAt(value: unknown, ...path: readonly string[]): string | undefined {
  const found = at(value, ...path);
  return typeof found === "string" && !isUnknown(found) ? found : undefined;
}

/** The number at `path` (numeric strings count, as Pulumi configs often carry them), else undefined. */
export function numberAt(value: unknown, ...path: readonly string[]): number | undefined {
  const found = at(value, ...path);
  if (typeof found === "number") return found;
  if (typeof found === "string" && found.trim() !== "" && Number.isFinite(Number(found))) return Number(found);
  return undefined;
}

/** The strings of the array at `path`, skipping unknown entries. */
export function stringsAt(value: unknown, ...path: readonly string[]): readonly string[] {
  return arrayAt(value, ...path).filter((item): item is string => typeof item === "string" && !isUnknown(item));
}

/** The string map at `path` (labels, nodeSelector), keeping only known string values. */
export function stringMapAt(value: unknown, ...path: readonly string[]): Readonly<Record<string, string>> {
  const found = objectAt(value, ...path);
  if (found === undefined) return {};
  return Object.fromEntries(Object.entries(found).filter((entry): entry is [string, string] => typeof entry[1] === "string" && !isUnknown(entry[1])));
}

/** True when the value at `path`, or any object on the way to it, is unknown. */
export function isUnknownAt(value: unknown, ...path: readonly string[]): boolean {
  let current: unknown = value;
  for (const key of path) {
    if (isUnknown(current)) return true;
    if (!isObject(current)) return false;
    current = current[key];
  }
  return isUnknown(current);
}

/**
 * Copies CrossGuard props into plain data. CrossGuard wraps props in a proxy that throws an
 * `UnknownValueError` when a rule touches a value unknown during preview; copying turns each of
 * those into `UNKNOWN`, so rules see unknowns the same way in CrossGuard and in the offline preview.
 */
export function knownProps(props: unknown): unknown {
  if (typeof props !== "object" || props === null) return props;
  if (Array.isArray(props)) {
    const length = readOrUnknown(() => props.length);
    if (typeof length !== "number") return UNKNOWN;
    return Array.from({ length }, (_, index) => knownProps(readOrUnknown(() => props[index])));
  }
  const source = props as Record<string, unknown>;
  return Object.fromEntries(Object.keys(source).map((key) => [key, knownProps(readOrUnknown(() => source[key]))]));
}

function readOrUnknown(read: () => unknown): unknown {
  try {
    return read();
  } catch (error) {
    if (error instanceof Error && error.constructor.name === "UnknownValueError") return UNKNOWN;
    throw error;
  }
}
