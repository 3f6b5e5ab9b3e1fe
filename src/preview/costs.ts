/**
 * What a previewed fleet costs at the user's prices: per deployment the hourly price of one replica
 * (its whole instances) and of its replica range, and the price per million generated tokens at a
 * stated throughput — the user's measurement, or llmfleet's bandwidth-bound estimate.
 */
import { findGpu, type PriceTable } from "../gpu/index.js";
import { decodeThroughput, type Plan } from "../planner/index.js";

export interface DeploymentCost {
  readonly deployment: string;
  readonly instanceType: string;
  /** Instances one replica takes. */
  readonly instancesPerReplica: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Price of one replica per hour; undefined when the price table has no price for its instance type. */
  readonly hourlyPerReplica: number | undefined;
  readonly tokensPerSecondPerReplica: number;
  /** `given`: the user's --tokens-per-second; `estimate`: llmfleet's bandwidth bound (an upper bound). */
  readonly throughputSource: "given" | "estimate";
  /** Sequences in flight and their context, for the estimate. */
  readonly assumption: string;
  readonly perMillionTokens: number | undefined;
}

export interface ReplicaRange {
  readonly min: number;
  readonly max: number;
}

const SECONDS_PER_HOUR = 3600;

/** Costs of every deployment; `tokensPerSecond` (per replica) replaces the estimate when given. */
export function fleetCosts(
  plans: ReadonlyMap<string, Plan>,
  replicas: ReadonlyMap<string, ReplicaRange>,
  prices: PriceTable,
  tokensPerSecond: number | undefined,
): DeploymentCost[] {
  return [...plans].map(([deployment, plan]) => {
    const price = prices.get(plan.instanceType);
    const hourlyPerReplica = price === undefined ? undefined : price * plan.nodes;
    const gpu = findGpu(plan.gpu.name);
    const estimate = gpu === undefined ? undefined : decodeThroughput(plan, gpu);
    const perSecond = tokensPerSecond ?? estimate?.tokensPerSecond ?? 0;
    const range = replicas.get(deployment) ?? { min: 1, max: 1 };
    return {
      deployment,
      instanceType: plan.instanceType,
      instancesPerReplica: plan.nodes,
      minReplicas: range.min,
      maxReplicas: range.max,
      hourlyPerReplica,
      tokensPerSecondPerReplica: perSecond,
      throughputSource: tokensPerSecond === undefined ? "estimate" : "given",
      assumption:
        tokensPerSecond !== undefined || estimate === undefined
          ? "--tokens-per-second as given"
          : `memory-bandwidth bound of decoding with ${estimate.sequences} sequences of ${estimate.contextTokens.toLocaleString("en-US")} tokens in flight, an upper bound; measure yours (vllm bench serve) and pass --tokens-per-second`,
      perMillionTokens: hourlyPerReplica === undefined || perSecond <= 0 ? undefined : (hourlyPerReplica / (perSecond * SECONDS_PER_HOUR)) * 1e6,
    };
  });
}

function money(amount: number): string {
  return amount >= 100 ? amount.toFixed(0) : amount >= 1 ? amount.toFixed(2) : amount.toPrecision(2);
}

/** The cost section of the preview summary. */
export function formatCosts(costs: readonly DeploymentCost[]): string[] {
  const lines = ["Cost at your prices (GPU instances only; the cluster, NAT, load balancers and storage are extra)"];
  let minTotal = 0;
  let maxTotal = 0;
  for (const cost of costs) {
    if (cost.hourlyPerReplica === undefined) {
      lines.push(`  ${cost.deployment}: no price for ${cost.instanceType} in the price table`);
      continue;
    }
    const replicas = cost.minReplicas === cost.maxReplicas ? `${cost.minReplicas}` : `${cost.minReplicas}–${cost.maxReplicas}`;
    const hourly =
      cost.minReplicas === cost.maxReplicas
        ? money(cost.hourlyPerReplica * cost.minReplicas)
        : `${money(cost.hourlyPerReplica * cost.minReplicas)}–${money(cost.hourlyPerReplica * cost.maxReplicas)}`;
    minTotal += cost.hourlyPerReplica * cost.minReplicas;
    maxTotal += cost.hourlyPerReplica * cost.maxReplicas;
    lines.push(
      `  ${cost.deployment}: ${cost.instancesPerReplica} × ${cost.instanceType} per replica = ${money(cost.hourlyPerReplica)} per hour; ${replicas} replica${cost.maxReplicas === 1 ? "" : "s"} = ${hourly} per hour`,
      `    ${Math.round(cost.tokensPerSecondPerReplica).toLocaleString("en-US")} tokens/s per replica (${cost.assumption})` +
        (cost.perMillionTokens === undefined ? "" : ` → ${money(cost.perMillionTokens)} per million tokens`),
    );
  }
  lines.push(`  fleet: ${minTotal === maxTotal ? money(minTotal) : `${money(minTotal)}–${money(maxTotal)}`} per hour, in the price table's currency`);
  return lines;
}
