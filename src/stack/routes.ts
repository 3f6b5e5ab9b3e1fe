/**
 * What each configured route means for the deployments behind it: which subsets their pods join
 * (so the backup is an endpoint of every weighted version's subset) and the one API key the
 * route's clients use, whichever deployment serves them — the weighted versions and the backup.
 */
import type { RouteMembership } from "../mesh/routeLabels.js";
import { prefixCacheRoutingOf, routingOf, type FleetConfig, type RouteConfig } from "./config.js";

/** The API key of one route: one Secret in the serving namespace that every member reads. */
export interface RouteApiKey {
  /** The route's name. */
  readonly route: string;
  /** Secret every member's engine reads its key from. */
  readonly secretName: string;
  /** Keys inside the Secret (each member's `apiKeySecretKey`; normally only `api-key`). */
  readonly secretKeys: readonly string[];
  /** Whether the stack generates it (RandomPassword), or a member named an existing Secret. */
  readonly generated: boolean;
  /** The first weighted deployment: its own key became the route's (kept through an alias). */
  readonly primary: string;
}

/** Deployments of a route: the weighted ones in order, then the backup. */
export function routeMembers(route: RouteConfig): string[] {
  return [...route.deployments.map((d) => d.name), ...(route.backup === undefined ? [] : [route.backup])];
}

/** The generated key's Secret: prefixed so it never meets a deployment's own `<name>-api-key`. */
export function routeApiKeySecretName(route: string): string {
  return `route-${route}-api-key`;
}

function versionOf(config: FleetConfig, name: string): string {
  return config.deployments.find((d) => d.name === name)?.version ?? "v1";
}

/** How a deployment takes part in its route, or undefined when no route names it. */
export function routeMembership(config: FleetConfig, deploymentName: string): RouteMembership | undefined {
  const route = config.routes.find((r) => routeMembers(r).includes(deploymentName));
  if (route === undefined) return undefined;
  const subsets = route.backup === deploymentName ? route.deployments.map((d) => versionOf(config, d.name)) : [versionOf(config, deploymentName)];
  const inferencePool = routingOf(route) === "inference-pool";
  const publishKvEvents = inferencePool && prefixCacheRoutingOf(route) === "precise";
  return { route: route.name, subsets, ...(publishKvEvents ? { publishKvEvents } : {}), ...(inferencePool ? { inferencePool } : {}) };
}

/**
 * One key per route. A member that names its own Secret (`apiKeySecretName`) makes that Secret the
 * route's; `referenceProblems` refuses members that name different ones.
 */
export function routeApiKeys(config: FleetConfig): RouteApiKey[] {
  return config.routes.flatMap((route) => {
    const members = routeMembers(route).flatMap((name) => config.deployments.filter((d) => d.name === name));
    const primary = members[0];
    if (primary === undefined) return [];
    const given = members.find((m) => m.apiKeySecretName !== undefined)?.apiKeySecretName;
    return [
      {
        route: route.name,
        secretName: given ?? routeApiKeySecretName(route.name),
        secretKeys: [...new Set(members.map((m) => m.apiKeySecretKey))],
        generated: given === undefined,
        primary: primary.name,
      },
    ];
  });
}

/** The key a deployment reads: its route's, or undefined (the deployment's own) outside a route. */
export function routeApiKeyOf(config: FleetConfig, deploymentName: string): RouteApiKey | undefined {
  const membership = routeMembership(config, deploymentName);
  return membership === undefined ? undefined : routeApiKeys(config).find((key) => key.route === membership.route);
}
