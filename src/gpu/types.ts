/** GPU and Alibaba Cloud GPU instance facts. */

export interface GpuModel {
  /** Canonical name: `T4`, `V100-16G`, `V100-32G`, `A10`, `A100-40G`, `A100-80G`, `L20`, `H20`. */
  readonly name: string;
  /** Other spellings accepted by `--gpu` (compared case-insensitively). */
  readonly aliases: readonly string[];
  /** Memory as sold, in GB. */
  readonly memoryGB: number;
  /** Memory the driver reports as usable, in GiB (an A10 reports about 22.5 GiB). */
  readonly usableGiB: number;
  /** Memory bandwidth in GB/s. */
  readonly bandwidthGBps: number;
  /** CUDA compute capability, e.g. 8.6. */
  readonly computeCapability: number;
  readonly bf16: boolean;
  readonly fp8: boolean;
  /** Dense fp16/bf16 tensor TFLOPS. */
  readonly tensorTflops: number;
  /** GPUs in a multi-GPU instance of this model talk over NVLink. */
  readonly nvlink: boolean;
  /** The value of ACK's `aliyun.accelerator/nvidia_name` node label, e.g. `NVIDIA-A10`. */
  readonly ackLabel: string;
}

export interface InstanceType {
  /** ECS instance type, e.g. `ecs.gn7i-c8g1.2xlarge`. */
  readonly name: string;
  /** ECS family, e.g. `gn7i`. */
  readonly family: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly gpuCount: number;
  /** Canonical GPU name (a key of the GPU catalogue). */
  readonly gpu: string;
  /** Network bandwidth in Gbit/s when published, else null. */
  readonly networkGbps: number | null;
  /** Supports elastic RDMA (ack-erdma-controller, `aliyun/erdma`). */
  readonly erdma: boolean;
}

/** What a `--gpu` value resolved to: a GPU model, and the instance type if one was named. */
export interface GpuChoice {
  readonly gpu: GpuModel;
  readonly instanceType: InstanceType | null;
}

/** Hourly prices the user supplies (no prices are built in): instance type → price in any one currency. */
export type PriceTable = ReadonlyMap<string, number>;
