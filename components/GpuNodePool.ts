/**
 * `llmfleet:index:GpuNodePool`: a managed ACK node pool of one GPU instance type, labelled and
 * tainted so that only GPU workloads land on it, and the placement those workloads need.
 */
import * as alicloud from "@pulumi/alicloud";
import * as pulumi from "@pulumi/pulumi";
import { nodePoolSettings, poolPlacement, resolveGpuPool, type PoolPlacement } from "../src/cluster/index.js";
import { validateArgs } from "./inputErrors.js";
import { providerFor } from "./providers.js";

const TYPE = "llmfleet:index:GpuNodePool";

export interface InstanceFactsArgs {
  vcpu: number;
  memoryGiB: number;
  gpuCount: number;
  /** GPU model (catalogue name or alias), e.g. `A10`. */
  gpu: string;
  /** Supports elastic RDMA. Default false. */
  erdma?: boolean;
}

/** A deployment that runs on the pool, for sizing it. */
export interface DeploymentFootprintArgs {
  replicas: number;
  /** Nodes one replica spans (1 unless served across nodes). */
  nodesPerReplica: number;
}

export interface FixedPoolSize {
  mode: "fixed";
  nodes: number;
}

/** Cluster-autoscaler range (scaling type `gpu`); needs AliyunCSManagedAutoScalerRole in the account. */
export interface AutoscalingPoolSize {
  mode: "autoscale";
  minNodes: number;
  maxNodes: number;
}

/** A fixed count of Σ replicas × nodesPerReplica + surgeNodes. */
export interface DeploymentsPoolSize {
  mode: "deployments";
  deployments: DeploymentFootprintArgs[];
  /** Spare nodes so that rolling updates can start a replica before stopping one. Default 0. */
  surgeNodes?: number;
}

/** How many nodes: a fixed count, an autoscaling range, or derived from the deployments on the pool. */
export type PoolSizeArgs = FixedPoolSize | AutoscalingPoolSize | DeploymentsPoolSize;

export interface GpuNodePoolArgs {
  /** Cluster to add the pool to (`AckCluster.clusterId`). */
  clusterId: pulumi.Input<string>;
  /** Node vSwitches, one per zone, at least two (`AckCluster.nodeVswitchIds`). */
  vswitchIds: pulumi.Input<string>[];
  /** Accept a pool in a single zone. Default false. */
  allowSingleZone?: boolean;
  /** Pool name and `llmfleet.io/pool` label (DNS label, ≤ 40 characters). Default: the component name. */
  poolName?: string;
  /** ECS instance type, e.g. `ecs.gn7i-c16g1.4xlarge`; from the GPU catalogue unless `instanceFacts` is given. */
  instanceType: string;
  /** GPU facts of an instance type outside the catalogue. */
  instanceFacts?: InstanceFactsArgs;
  /** GPU the serving plan was made for; the instance type must carry it. Default: not checked. */
  expectedGpu?: string;
  /** Node count. */
  size: PoolSizeArgs;
  /** Production pool: spot refused. Default true. */
  production?: boolean;
  /** Spot instances (non-production only). Default false. */
  spot?: boolean;
  /** ESSD system disk in GiB, room for several multi-GB serving images. Default 200. */
  systemDiskGiB?: number;
  /** ESSD performance level of the system and cache disks. Default `PL1`. */
  systemDiskPerformanceLevel?: "PL0" | "PL1" | "PL2" | "PL3";
  /** ESSD data disk in GiB mounted at `/mnt/model-cache`. Default: none. */
  modelCacheDiskGiB?: number;
  /** NVIDIA driver version ACK installs, e.g. `550.127.08`. Default: ACK's. */
  nvidiaDriverVersion?: string;
  /**
   * Elastic RDMA for multi-node serving; only on types that support it. The nodes are labelled
   * `terway-config: llmfleet-erdma-terway`: create that kube-system ConfigMap first
   * (`terwayErdmaConfigMap()`, `LlmFleet` does) and install `ack-erdma-controller` (docs/erdma.md). Default false.
   */
  erdma?: boolean;
  /** Node OS image. Default `AliyunLinux3`. */
  imageType?: string;
  /** ACK repairs failed nodes automatically. Default true. */
  autoRepair?: boolean;
  /** Extra node labels; llmfleet's own labels take precedence. Default none. */
  labels?: Record<string, string>;
  /** `protect` and `retainOnDelete` on the node pool: GPU capacity in stock-constrained zones is hard to get back. Default false. */
  protect?: boolean;
  /** Alibaba Cloud provider for the node pool. Default: `opts.providers`, else the stack default. */
  alicloudProvider?: alicloud.Provider;
}

export class GpuNodePool extends pulumi.ComponentResource {
  /** What workloads need to land on the pool; plain data, known before deployment. */
  readonly placement: PoolPlacement;
  readonly nodePoolId: pulumi.Output<string>;

  constructor(name: string, args: GpuNodePoolArgs, opts?: pulumi.ComponentResourceOptions) {
    const { alicloudProvider, protect = false, ...settings } = args;
    const pool = validateArgs(TYPE, () => resolveGpuPool({ poolName: name, ...settings }));
    super(TYPE, name, {}, opts);
    const provider = providerFor(this, "alicloud", alicloudProvider);

    const nodePool = new alicloud.cs.NodePool(
      `${name}-pool`,
      { clusterId: args.clusterId, vswitchIds: args.vswitchIds, ...nodePoolSettings(pool) },
      { parent: this, provider, protect, retainOnDelete: protect },
    );
    this.placement = poolPlacement(pool);
    this.nodePoolId = nodePool.id;
    this.registerOutputs({ placement: this.placement, nodePoolId: this.nodePoolId });
  }
}
