/**
 * `/dev/shm` sizes shared by the engines. NCCL and the engines' worker message queues live in
 * /dev/shm, and the runtime's 64 MiB default breaks them (production-stack #276): 16 GiB for a pod
 * with several GPUs or in a multi-node group (serving.md), 2 GiB otherwise.
 */
export const MULTI_GPU_SHM_GiB = 16;
export const SINGLE_GPU_SHM_GiB = 2;

export function standardShmGiB(gpusPerPod: number, nodes: number): number {
  return gpusPerPod > 1 || nodes > 1 ? MULTI_GPU_SHM_GiB : SINGLE_GPU_SHM_GiB;
}
