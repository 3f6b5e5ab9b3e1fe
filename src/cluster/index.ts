/** Pure builders and validation for the ACK layer: cluster, GPU node pools and model storage. */
export type { ModelVolume, PoolPlacement, Toleration } from "./types.js";
export { carveCidrs, cidrContains, cidrsOverlap, cidrSize, formatCidr, parseCidr, type Cidr } from "./cidr.js";
export { checkAddressPlan, planVswitches, requireCidr, type AddressPlan, type VswitchLayout, type ZoneVswitches } from "./networkPlan.js";
export { ackClusterArgsSchema, clusterAddons, planAckCluster, type AckClusterPlan, type ClusterAddon, type ClusterNetwork } from "./clusterSpec.js";
export { allocatable, memoryCapacityMiB, nodeReservation, type Allocatable, type NodeReservation, type NodeShape } from "./reservation.js";
export { poolSize, type DeploymentFootprint } from "./poolSize.js";
export { gpuNodePoolArgsSchema, resolveGpuPool, type GpuPoolSpec, type PoolScaling } from "./nodePoolSpec.js";
export {
  DRIVER_VERSION_LABEL,
  ERDMA_LABEL,
  GPU_LABEL,
  GPU_TAINT,
  MODEL_CACHE_MOUNT_PATH,
  POOL_LABEL,
  gpuTolerations,
  nodePoolSettings,
  poolLabels,
  poolPlacement,
  type NodePoolSettings,
} from "./nodePoolSettings.js";
export { DEFAULT_READ_THROUGHPUT_MIBPS, modelStorageArgsSchema, planModelStorage, type ModelStoragePlan, type NasSource, type OssSource } from "./storageSpec.js";
export { ossReadOnlyPolicy, rrsaTrustPolicy, RRSA_AUDIENCE, type RamPolicyDocument, type ServiceAccountRef } from "./rrsaPolicy.js";
export {
  NAS_CSI_DRIVER,
  NAS_MOUNT_OPTIONS,
  OSS_CSI_DRIVER,
  OSS_FUSE_NAMESPACE,
  modelVolumeClaim,
  nasPersistentVolume,
  ossFuseServiceAccount,
  ossPersistentVolume,
  type VolumeIdentity,
} from "./modelVolumeObjects.js";
