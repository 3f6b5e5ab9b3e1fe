/**
 * Which network NCCL uses between the nodes of one multi-node group, and why, as the preview states
 * it. It follows the environment `ncclEnvironment` sets: with eRDMA, NCCL's IB transport on the
 * `erdma_N` devices; without, `NCCL_IB_DISABLE=1` and TCP sockets on the pod interface.
 *
 * What the engine image must carry for NCCL to open an eRDMA device: libibverbs with the `erdma`
 * rdma-core provider (ACK help "Use eRDMA to accelerate container networks", scenario 1, step 3:
 * `libibverbs1 ibverbs-providers ibverbs-utils librdmacm1` from Alibaba's erdma apt or yum
 * repository). vLLM's image installs `libibverbs-dev` from Ubuntu 22.04 (docker/Dockerfile, final
 * stage on `nvidia/cuda:…-ubuntu22.04`), whose rdma-core 39 predates the erdma provider
 * (alibabacloud-erdma-controller v0.2.11 docs/erdma-benchmark/Dockerfile); docs/erdma.md says what
 * to add. Without it NCCL finds no IB device and falls back to sockets, slowly but working.
 */
import { findInstanceType } from "../gpu/index.js";
import { engineDefinition } from "../engines/index.js";
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

const IMAGE_NOTE =
  "the engine image must carry libibverbs with the erdma provider (Alibaba's rdma-core packages; vLLM's Ubuntu 22.04 image lacks it, see docs/erdma.md), " +
  "otherwise NCCL falls back to sockets; NCCL_DEBUG=INFO logs NET/IB on erdma_0 when it works";

/** Why a multi-node group on this placement gets no eRDMA. */
function withoutErdma(instanceType: string): string {
  return findInstanceType(instanceType)?.erdma === true
    ? `the pool of ${instanceType} was created without eRDMA (GpuNodePool erdma: false), so ack-erdma-controller gives its pods no device`
    : `${instanceType} has no eRDMA (its family is not one of the eRDMA families), so no device exists`;
}

const ERDMA_IMAGE_FIX = "build an image FROM it with Alibaba's rdma-core (erdma provider) packages and set the deployment's image (docs/erdma.md)";

/** Why the deployment's image cannot use eRDMA: the engine's default image, when that one lacks the provider. */
function stockImageWithoutErdma(spec: InferenceDeploymentSpec): string | undefined {
  return spec.image === undefined ? engineDefinition(spec.engine).defaultImageWithoutErdma : undefined;
}

/** A multi-node group placed for eRDMA that its image will not use: the preview says so with the fix. */
export function erdmaImageWarning(spec: InferenceDeploymentSpec): string | undefined {
  const stockImage = stockImageWithoutErdma(spec);
  if (!usesErdma(spec) || stockImage === undefined) return undefined;
  return `${spec.name} spans ${spec.placement.instanceType} nodes with eRDMA, but ${stockImage}: NCCL will use TCP sockets between the nodes. Fix: ${ERDMA_IMAGE_FIX}`;
}

/** The transport between the nodes of a group; undefined when a replica fits on one node. */
export function ncclTransport(spec: InferenceDeploymentSpec): NcclTransport | undefined {
  if (!workloadShape(spec).multiNode) return undefined;
  const instanceType = spec.placement.instanceType;
  const stockImage = stockImageWithoutErdma(spec);
  if (usesErdma(spec) && stockImage !== undefined) {
    return {
      between: "TCP sockets",
      why: `${instanceType} has eRDMA and the pods get its devices, but ${stockImage}, so NCCL finds no IB device and falls back to sockets on ${POD_INTERFACE}: ${ERDMA_IMAGE_FIX}`,
    };
  }
  if (usesErdma(spec)) {
    return {
      between: "eRDMA",
      why:
        `${instanceType} has eRDMA and a replica spans nodes: ack-erdma-controller (driver ofed, every device to the pod) gives each pod its node's ${ERDMA_HCA}_N devices ` +
        `and NCCL uses IB verbs on them (NCCL_IB_HCA=${ERDMA_HCA}, GID index 1, GPUDirect); ${IMAGE_NOTE}`,
    };
  }
  return { between: "TCP sockets", why: `${withoutErdma(instanceType)}: NCCL_IB_DISABLE=1, sockets on ${POD_INTERFACE}` };
}
