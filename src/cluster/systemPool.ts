/**
 * The system node pool: untainted general-purpose nodes for everything that does not need a GPU —
 * istiod and the ingress gateway, Prometheus and Grafana, operators, MPI launchers, ACK's own
 * csi-provisioner and CoreDNS. Every GPU pool carries `nvidia.com/gpu=present:NoSchedule`, so
 * without this pool those pods stay Pending, and with istiod down the injection webhook (which fails
 * closed, istio/istio#12441) refuses every pod of an injected namespace.
 */
import { z } from "zod";
import { LlmfleetError } from "../errors/index.js";
import { allocatable, nodeReservation, type Allocatable } from "./reservation.js";

/** Node label of the system pool; system workloads do not need to select it (it is untainted). */
export const SYSTEM_POOL_NAME = "system";

export interface GeneralPurposeInstance {
  readonly name: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
}

/**
 * General-purpose (1 vCPU : 4 GiB) types: the `g` family, `xlarge` = 4 vCPUs (Alibaba Cloud help
 * "Classification and naming of instance types"; g7 and g8i family pages).
 */
export const GENERAL_PURPOSE_INSTANCES: readonly GeneralPurposeInstance[] = [
  { name: "ecs.g7.xlarge", vcpu: 4, memoryGiB: 16 },
  { name: "ecs.g7.2xlarge", vcpu: 8, memoryGiB: 32 },
  { name: "ecs.g7.4xlarge", vcpu: 16, memoryGiB: 64 },
  { name: "ecs.g8i.xlarge", vcpu: 4, memoryGiB: 16 },
  { name: "ecs.g8i.2xlarge", vcpu: 8, memoryGiB: 32 },
  { name: "ecs.g8i.4xlarge", vcpu: 16, memoryGiB: 64 },
];

export const DEFAULT_SYSTEM_INSTANCE_TYPE = "ecs.g7.2xlarge";
/** Two nodes in two zones: one node or one zone lost leaves istiod and the gateway running. */
export const MIN_SYSTEM_NODES = 2;

export const systemPoolArgsSchema = z
  .object({
    instanceType: z.string().min(1).default(DEFAULT_SYSTEM_INSTANCE_TYPE),
    /** Fixed node count; default: sized from `requests`, at least 2. */
    nodes: z.int().min(1).optional(),
    /** What the pool hosts: the sum of its pods' requests. */
    requests: z.object({ cpuMillis: z.number().min(0), memoryMiB: z.number().min(0) }).strict().default({ cpuMillis: 0, memoryMiB: 0 }),
  })
  .strict();

export type SystemPoolArgsInput = z.input<typeof systemPoolArgsSchema>;

export interface SystemPoolSpec {
  readonly instance: GeneralPurposeInstance;
  readonly nodes: number;
  readonly allocatablePerNode: Allocatable;
}

export function findGeneralPurposeInstance(name: string): GeneralPurposeInstance | undefined {
  const full = name.startsWith("ecs.") ? name : `ecs.${name}`;
  return GENERAL_PURPOSE_INSTANCES.find((instance) => instance.name === full);
}

/**
 * Nodes that hold the requests with one node to spare (a node drained for repair or upgrade must
 * not leave system pods Pending), never fewer than two.
 */
export function systemPoolNodes(requests: { cpuMillis: number; memoryMiB: number }, perNode: Allocatable): number {
  const needed = Math.max(Math.ceil(requests.cpuMillis / perNode.cpuMillis), Math.ceil(requests.memoryMiB / perNode.memoryMiB));
  return Math.max(MIN_SYSTEM_NODES, needed + 1);
}

/** @throws LlmfleetError naming `field` (the user's key) */
export function resolveSystemPool(args: z.output<typeof systemPoolArgsSchema>, field: string): SystemPoolSpec {
  const instance = findGeneralPurposeInstance(args.instanceType);
  if (instance === undefined) {
    throw new LlmfleetError(
      `${field}.instanceType`,
      args.instanceType,
      "is not a general-purpose instance type llmfleet knows the vCPUs and memory of",
      `use one of ${GENERAL_PURPOSE_INSTANCES.map((i) => i.name).join(", ")}`,
    );
  }
  const perNode = allocatable(instance);
  const needed = systemPoolNodes(args.requests, perNode);
  if (args.nodes !== undefined && args.nodes < MIN_SYSTEM_NODES) {
    throw new LlmfleetError(`${field}.nodes`, args.nodes, `one system node is a single point of failure for istiod, the gateway and every operator`, `use at least ${MIN_SYSTEM_NODES} nodes`);
  }
  return { instance, nodes: args.nodes ?? needed, allocatablePerNode: perNode };
}

/** `cs.NodePool` arguments of the system pool (without cluster and vSwitch ids). */
export function systemPoolSettings(spec: SystemPoolSpec) {
  const reservation = nodeReservation(spec.instance);
  const halfCpu = `${reservation.reservedCpuMillis / 2}m`;
  const halfMemory = `${reservation.reservedMemoryMiB / 2}Mi`;
  return {
    nodePoolName: SYSTEM_POOL_NAME,
    instanceTypes: [spec.instance.name],
    instanceChargeType: "PostPaid",
    // Spread across the given zones: a zone outage keeps half the system pods.
    multiAzPolicy: "BALANCE",
    desiredSize: String(spec.nodes),
    imageType: "AliyunLinux3",
    systemDiskCategory: "cloud_essd",
    systemDiskSize: 120,
    labels: [{ key: "llmfleet.io/pool", value: SYSTEM_POOL_NAME }],
    taints: [],
    management: { enable: true, autoRepair: true, autoUpgrade: false, autoVulFix: false, maxUnavailable: 1 },
    kubeletConfiguration: {
      kubeReserved: { cpu: halfCpu, memory: halfMemory },
      systemReserved: { cpu: halfCpu, memory: halfMemory },
      evictionHard: { "memory.available": `${reservation.evictionMemoryMiB}Mi` },
    },
    tags: { "llmfleet.io/pool": SYSTEM_POOL_NAME, "llmfleet.io/managed-by": "pulumi" },
  };
}
