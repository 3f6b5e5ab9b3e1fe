import { LlmfleetError } from "../errors/index.js";
import { FLEET_CONFIG_KEY } from "./parse.js";

/**
 * `alicloud:region` must agree with the fleet's region. llmfleet creates every cloud resource with a
 * provider for `llmfleet:fleet.region`, so a different `alicloud:region` beside it would only make the
 * stack file say two things; the user meant one of them.
 *
 * @param fleetRegion the fleet's region after defaults
 * @param fleetRegionGiven whether the stack file sets it (else it is the default)
 * @param providerRegion `alicloud:region`, when the stack file sets it
 */
export function regionConflict(fleetRegion: string, fleetRegionGiven: boolean, providerRegion: string | undefined): LlmfleetError | undefined {
  if (providerRegion === undefined || providerRegion === fleetRegion) return undefined;
  return new LlmfleetError(
    "alicloud:region",
    providerRegion,
    `differs from ${FLEET_CONFIG_KEY}.region (${fleetRegion}${fleetRegionGiven ? "" : ", the default"}), where llmfleet creates every resource`,
    `set ${FLEET_CONFIG_KEY}.region: ${providerRegion} if the fleet belongs there, else set alicloud:region to ${fleetRegion} or remove it`,
  );
}
