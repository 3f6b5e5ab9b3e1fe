/**
 * ACK's eRDMA controller (`ack-erdma-controller`), installed as a `cs.KubernetesAddon` when a
 * multi-node group runs on a pool whose instance type has eRDMA. It attaches eRDMA-capable ENIs to
 * the nodes, loads the driver and registers every device as the `aliyun/erdma` extended resource
 * (ACK help "Use eRDMA to accelerate container networks in ACK clusters").
 *
 * The addon's configuration is the chart's values (AliyunContainerService/alibabacloud-erdma-controller
 * v0.2.11 deploy/helm/values.yaml: `agent.preferDriver`, `agent.allocateAllDevices`, passed to the
 * agent as `--prefer-driver` and `--allocate-all-devices` by deploy/helm/templates/daemonset.yaml),
 * written as ACK takes it in a cluster's `addons` (`{"agent":{"preferDriver":…,"allocateAllDevices":true}}`,
 * the "Setup 3FS on Kubernetes" guide's `aliyun cs POST /clusters` example for ACK).
 */
import { findInstanceType } from "../gpu/index.js";
import type { Plan } from "../planner/index.js";

export const ERDMA_ADDON = "ack-erdma-controller";

/**
 * `ofed`: ACK's help sets `preferDriver` to `ofed` "for NCCL communication" on GPU instance types;
 * it is also what the agent picks by itself on a node with nvidia-smi (internal/drivers/driver.go:
 * `defaultGPUDriver = "ofed"`), and it loads nvidia-peermem for GPUDirect RDMA
 * (internal/drivers/ofed.go). Stating it keeps the choice from depending on detection.
 */
export const ERDMA_DRIVER = "ofed";

/**
 * Every eRDMA device of the node goes to the pod that asks for one: an engine pod takes the whole
 * node (8 GPUs over both NUMA nodes), and with `false` the device plugin hands out one device chosen
 * by NUMA, which needs the kubelet's static CPU manager policy (ACK help, component parameters;
 * internal/deviceplugin/deviceplugin.go `Allocate`).
 */
export const ERDMA_ALLOCATE_ALL_DEVICES = true;

/** The addon's `config`: the JSON string `cs.KubernetesAddon` takes. */
export function erdmaAddonConfig(): string {
  return JSON.stringify({ agent: { preferDriver: ERDMA_DRIVER, allocateAllDevices: ERDMA_ALLOCATE_ALL_DEVICES } });
}

/** A plan whose replica spans nodes of an instance type with eRDMA: its pods request `aliyun/erdma`. */
export function plansErdma(plan: Pick<Plan, "nodes" | "instanceType">): boolean {
  return plan.nodes > 1 && (findInstanceType(plan.instanceType)?.erdma ?? false);
}
