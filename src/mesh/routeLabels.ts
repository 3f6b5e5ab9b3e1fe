/**
 * Labels that make a route's pods endpoints of the right Istio subsets.
 *
 * Envoy fails over between endpoint priorities of one cluster, and Istio builds one cluster per
 * host and subset (`outbound|<port>|<subset>|<host>`); a DestinationRule's `failoverPriority`
 * only reorders the endpoints already in that subset (istio/istio 1.29.2
 * `pilot/pkg/networking/core/loadbalancer/loadbalancer.go`, `applyFailoverPriorityPerLocality`).
 * So a backup can only take traffic if its pods are members of every weighted version's subset.
 * Subset selectors are equality maps, so membership is a label per version:
 * `subset.llmfleet.io/<version>: "true"`. A primary carries the one of its own version, the backup
 * carries one for each weighted version of its route, and `llmfleet.io/route` keeps two routes that
 * serve the same model apart.
 */
import { z } from "zod";
import { dnsLabel, labelValue } from "../k8s/names.js";

/** The route whose serving Service selects the pod. */
export const ROUTE_LABEL = "llmfleet.io/route";

/** The label that puts a pod into the subset of one version of its route. */
export function subsetLabel(version: string): string {
  return `subset.llmfleet.io/${version}`;
}

/** How one deployment takes part in a route (given to `InferenceDeployment` by `LlmFleet`); validated at the component's edge. */
export const routeMembershipSchema = z.strictObject({
  /** The route's name (the mesh's served-model name); a label value that prefixes the mesh objects. */
  route: dnsLabel(42),
  /** The weighted versions whose subsets the pods join: its own version, or every version for the backup. */
  subsets: z.array(labelValue()).min(1).readonly(),
  /**
   * The route's picker reads the engine's KV-cache events (`routes[].prefixCacheRouting: precise`),
   * so the engine publishes them (src/inferencePool/precisePrefix.ts). Absent: false.
   */
  publishKvEvents: z.boolean().optional(),
  /**
   * The route is `routing: inference-pool`: its own Gateway API gateway reaches the pods (the pool's
   * NetworkPolicy, src/inferencePool/network.ts), so the engine's policy does not admit the shared
   * mesh ingress gateway. Absent: false.
   */
  inferencePool: z.boolean().optional(),
});

export type RouteMembershipInput = z.input<typeof routeMembershipSchema>;
export type RouteMembership = z.output<typeof routeMembershipSchema>;

/** The pod labels of a route member. */
export function routeMemberLabels(membership: RouteMembership): Record<string, string> {
  return { [ROUTE_LABEL]: membership.route, ...Object.fromEntries(membership.subsets.map((version) => [subsetLabel(version), "true"])) };
}

/** What a subset of a route selects: the route's pods that joined this version's subset. */
export function subsetSelector(route: string, version: string): Record<string, string> {
  return { [ROUTE_LABEL]: route, [subsetLabel(version)]: "true" };
}
