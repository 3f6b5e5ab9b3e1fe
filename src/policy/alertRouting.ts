/**
 * Alertmanager's routing tree evaluated for one alert, as Alertmanager does it (docs/configuration.md,
 * `<route>`): a route takes an alert when all its matchers match; its children are tried in order
 * and the first that takes it wins unless it sets `continue`; an alert no child takes stays with the
 * route's receiver, inherited from the parent when the route names none.
 */
import { isObject, objectsAt, stringAt, stringMapAt, stringsAt, type PlainObject } from "./values.js";

const MATCHER = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|(.*?))\s*$/;

/** Whether a matcher string (`severity =~ "critical|warning"`) matches the alert's labels. */
export function matcherMatches(matcher: string, labels: Readonly<Record<string, string>>): boolean {
  const match = MATCHER.exec(matcher);
  if (match === null) return false;
  const [, name = "", operator, quoted, bare] = match;
  const expected = quoted !== undefined ? quoted.replace(/\\(.)/g, "$1") : (bare ?? "");
  const value = labels[name] ?? "";
  switch (operator) {
    case "=":
      return value === expected;
    case "!=":
      return value !== expected;
    case "=~":
      return new RegExp(`^(?:${expected})$`).test(value);
    default:
      return !new RegExp(`^(?:${expected})$`).test(value);
  }
}

function routeMatches(route: PlainObject, labels: Readonly<Record<string, string>>): boolean {
  const equal = Object.entries(stringMapAt(route, "match")).every(([name, value]) => (labels[name] ?? "") === value);
  const regex = Object.entries(stringMapAt(route, "match_re")).every(([name, pattern]) => new RegExp(`^(?:${pattern})$`).test(labels[name] ?? ""));
  return equal && regex && stringsAt(route, "matchers").every((matcher) => matcherMatches(matcher, labels));
}

function receiversOf(route: PlainObject, inherited: string, labels: Readonly<Record<string, string>>): string[] {
  const receiver = stringAt(route, "receiver") ?? inherited;
  const taken: string[] = [];
  for (const child of objectsAt(route, "routes")) {
    if (!routeMatches(child, labels)) continue;
    taken.push(...receiversOf(child, receiver, labels));
    if (child["continue"] !== true) return taken;
  }
  return taken.length > 0 ? taken : [receiver];
}

/** The receivers an alert with these labels is sent to by an Alertmanager configuration. */
export function routedReceivers(config: unknown, labels: Readonly<Record<string, string>>): string[] {
  const route = isObject(config) && isObject(config["route"]) ? config["route"] : undefined;
  return route === undefined ? [] : receiversOf(route, "", labels);
}

/** Receivers that notify someone: they have at least one `*_configs` entry (`null` has none). */
export function notifyingReceivers(config: unknown): Set<string> {
  return new Set(
    objectsAt(config, "receivers").flatMap((receiver) => {
      const name = stringAt(receiver, "name");
      const integrations = Object.entries(receiver).some(([key, value]) => key.endsWith("_configs") && Array.isArray(value) && value.length > 0);
      return name !== undefined && integrations ? [name] : [];
    }),
  );
}
