import { awaitTimeoutSeconds, estimateLoadSeconds, type LoadTimeInput } from "../workload/loadTime.js";

/**
 * How long a replica may take to become Ready before its absence means something: the engine
 * image's pull on a fresh node plus the startup probe's whole budget, the same figure Pulumi waits
 * for the workload (`pulumi.com/timeoutSeconds`). Sized from the model's weights, the storage's read
 * throughput and the nodes of one replica, as the workload builder sizes its startup probe.
 */
export function readinessBudgetSeconds(load: LoadTimeInput): number {
  return awaitTimeoutSeconds(estimateLoadSeconds(load));
}
