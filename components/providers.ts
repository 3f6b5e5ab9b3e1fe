/**
 * Provider resolution for llmfleet components. Children always get their provider explicitly,
 * never by inheritance alone: a provider that silently falls back to the default one (and so to
 * the wrong account, region or cluster) is the most reported problem with component libraries.
 */
import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider of `pkg` for the component's children: the one passed in the component's args,
 * else the one it received through `opts.providers` / `opts.provider` (or inherited from its parent),
 * else undefined, which means the stack's default provider.
 */
export function providerFor(
  component: pulumi.ComponentResource,
  pkg: "alicloud" | "kubernetes",
  explicit: pulumi.ProviderResource | undefined,
): pulumi.ProviderResource | undefined {
  return explicit ?? component.getProvider(`${pkg}::`);
}
