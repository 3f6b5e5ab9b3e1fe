import { instanceTypesFor, rankInstanceTypes } from "../gpu/index.js";
import type { GpuChoice, InstanceType, PriceTable } from "../gpu/types.js";

/** Where one replica's TP × PP GPUs run: an instance type and how many nodes of it. */
export interface Layout {
  readonly instanceType: InstanceType;
  readonly nodes: number;
  /** GPUs each pod of the replica requests (TP × PP on one node, or all GPUs of each node). */
  readonly gpusPerNode: number;
  /** Hourly price of the replica from the user's table; null without one. */
  readonly replicaPrice: number | null;
}

/**
 * Fits TP × PP GPUs onto an instance type: on one node when it has enough GPUs, otherwise on whole
 * nodes with tensor parallelism kept inside a node and pipeline stages across nodes.
 */
export function fitOnInstance(instance: InstanceType, tensorParallel: number, pipelineParallel: number): Omit<Layout, "replicaPrice"> | string {
  const gpus = tensorParallel * pipelineParallel;
  const perNode = instance.gpuCount;
  if (gpus <= perNode) return { instanceType: instance, nodes: 1, gpusPerNode: gpus };
  if (tensorParallel > perNode || perNode % tensorParallel !== 0) {
    return `tensor parallelism ${tensorParallel} cannot stay inside one ${instance.name} node (${perNode} GPUs); keep TP a divisor of ${perNode} and scale with PP across nodes`;
  }
  if (gpus % perNode !== 0) {
    return `${gpus} GPUs do not fill whole ${instance.name} nodes of ${perNode} GPUs`;
  }
  return { instanceType: instance, nodes: gpus / perNode, gpusPerNode: perNode };
}

/** Every way to place TP × PP on the candidate instance types, best first. */
export function layoutsFor(
  choice: GpuChoice,
  tensorParallel: number,
  pipelineParallel: number,
  maxNodes: number,
  prices?: PriceTable,
): { layouts: Layout[]; reasons: string[] } {
  const candidates = choice.instanceType !== null ? [choice.instanceType] : instanceTypesFor(choice.gpu.name);
  const layouts: Layout[] = [];
  const reasons: string[] = [];
  for (const instance of rankInstanceTypes(candidates, prices)) {
    const fit = fitOnInstance(instance, tensorParallel, pipelineParallel);
    if (typeof fit === "string") reasons.push(fit);
    else if (fit.nodes > maxNodes) reasons.push(`${fit.nodes} nodes of ${instance.name} exceed the limit of ${maxNodes} per replica`);
    else {
      const price = prices?.get(instance.name);
      layouts.push({ ...fit, replicaPrice: price === undefined ? null : price * fit.nodes });
    }
  }
  // rankInstanceTypes orders by price or size; across node counts, fewer nodes come first.
  layouts.sort((a, b) => comparePrices(a.replicaPrice, b.replicaPrice) || a.nodes - b.nodes);
  return { layouts, reasons };
}

/** Priced before unpriced, cheaper first; equal when either side is unpriced. */
export function comparePrices(a: number | null, b: number | null): number {
  if (a !== null && b !== null) return a - b;
  if (a !== null) return -1;
  if (b !== null) return 1;
  return 0;
}
