/** Kubernetes label selectors (`matchLabels` + `matchExpressions`) evaluated against a label set. */
import { isObject, objectsAt, stringAt, stringMapAt, stringsAt, type PlainObject } from "./values.js";

/**
 * Whether `selector` selects pods labelled `labels`. An empty selector selects everything (as in
 * NetworkPolicy `podSelector: {}`); a missing selector selects nothing.
 */
export function selectorMatches(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isObject(selector)) return false;
  const matchLabels = stringMapAt(selector, "matchLabels");
  const labelsMatch = Object.entries(matchLabels).every(([key, value]) => labels[key] === value);
  return labelsMatch && objectsAt(selector, "matchExpressions").every((expression) => expressionMatches(expression, labels));
}

function expressionMatches(expression: PlainObject, labels: Readonly<Record<string, string>>): boolean {
  const key = stringAt(expression, "key") ?? "";
  const values = stringsAt(expression, "values");
  const value = labels[key];
  switch (stringAt(expression, "operator")) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    default:
      return false;
  }
}

/** Whether a plain map selector (Service `spec.selector`, `nodeSelector`) is satisfied by `labels`. */
export function mapSelectorMatches(selector: Readonly<Record<string, string>>, labels: Readonly<Record<string, string>>): boolean {
  return Object.entries(selector).every(([key, value]) => labels[key] === value);
}
