/**
 * Which network NCCL uses between the nodes of one multi-node group, and why, as the preview states
 * it. It follows the environment `ncclEnvironment` sets: with eRDMA, NCCL's IB transport on the
 * `erdma_0` device; without, `NCCL_IB_DISABLE=1` and TCP sockets on the pod interface.
 */
import { ERDMA_HCA, POD_INTERFACE } from "./environment.js";
import { workloadShape } from "./shape.js";
import type { InferenceDeploymentSpec } from "./spec.js";

export interface NcclTransport {
  readonly between: "eRDMA" | "TCP sockets";
  readonly why: string;
}

/** eRDMA devices only serve traffic between nodes, so only multi-node groups on an eRDMA pool take one. */
export function usesErdma(spec: InferenceDeploymentSpec): boolean {
  return spec.placement.erdma && workloadShape(spec).multiNode;
}

/** The transport between the nodes of a group; undefined when a replica fits on one node. */
export function ncclTransport(spec: InferenceDeploymentSpec): NcclTransport | undefined {
  if (!workloadShape(spec).multiNode) return undefined;
  if (usesErdma(spec)) {
    return {
      between: "eRDMA",
      why:
        `${spec.placement.instanceType} has eRDMA: each pod requests an aliyun/erdma device and NCCL uses IB verbs on ${ERDMA_HCA}, ` +
        "provided the image carries libibverbs with the erdma provider (otherwise NCCL falls back to sockets; NCCL_DEBUG=INFO logs NET/IB with erdma when it works)",
    };
  }
  return { between: "TCP sockets", why: `${spec.placement.instanceType} has no eRDMA (or the pool was not given it): NCCL_IB_DISABLE=1, sockets on ${POD_INTERFACE}` };
}
