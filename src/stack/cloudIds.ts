/**
 * Checks of the Alibaba Cloud identifiers a fleet names: region, zones, the id of an existing ACK
 * cluster and its vSwitches. A malformed id would otherwise only fail at `pulumi up`, after ACK
 * has been asked for it, with the provider's message rather than one naming the key.
 */
import { LlmfleetError } from "../errors/index.js";
import type { FleetConfig } from "./config.js";

/** `cn-hangzhou`, `ap-southeast-1`, `cn-beijing-finance-1`: lower-case words joined by dashes. */
const REGION_ID = /^[a-z]{2}(-[a-z0-9]+)+$/;
/** ACK cluster ids are `c` and lower-case letters and digits (32 hex digits for clusters created today). */
const CLUSTER_ID = /^c[0-9a-z]{7,63}$/;
const VSWITCH_ID = /^vsw-[0-9a-z]+$/;
const EXAMPLE_CLUSTER_ID = "c82e6987e2961451182edacd74faf2b2a";

/** Every problem with the fleet's cloud identifiers, each naming its key relative to the fleet. */
export function cloudIdProblems(config: FleetConfig): LlmfleetError[] {
  const problems: LlmfleetError[] = [];
  const add = (field: string, value: unknown, reason: string, fix: string): void => {
    problems.push(new LlmfleetError(field, value, reason, fix));
  };
  if (!REGION_ID.test(config.region)) {
    add("region", config.region, "is not an Alibaba Cloud region id", "give a region id such as cn-hangzhou or ap-southeast-1");
  }
  const cluster = config.cluster;
  if (cluster.mode === "new") {
    cluster.zones.forEach((zone, i) => {
      if (!zone.startsWith(`${config.region}-`)) {
        add(`cluster.zones[${i}]`, zone, `is not a zone of the fleet's region ${config.region}`, `use zones of ${config.region} (such as ${config.region}-h), or set region to the zones' region`);
      }
    });
    return problems;
  }
  if (!CLUSTER_ID.test(cluster.clusterId)) {
    add(
      "cluster.clusterId",
      cluster.clusterId,
      "is not an ACK cluster id, which is 'c' followed by lower-case letters and digits",
      `copy the cluster id from the ACK console (cluster details) or 'aliyun cs GET /clusters', e.g. ${EXAMPLE_CLUSTER_ID}`,
    );
  }
  cluster.nodeVswitchIds.forEach((id, i) => {
    if (!VSWITCH_ID.test(id)) {
      add(`cluster.nodeVswitchIds[${i}]`, id, "is not a vSwitch id, which is 'vsw-' followed by lower-case letters and digits", "copy the vSwitch ids from the VPC console, e.g. vsw-bp1s5fnvk4gn2tws03624");
    }
  });
  return problems;
}
