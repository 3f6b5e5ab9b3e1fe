/** Pure builders and validation for the ACK layer: cluster, GPU node pools and model storage. */
export type { ModelCacheDisk, ModelVolume, PoolPlacement, Toleration } from "./types.js";
export { essdThroughputMiBps, type EssdPerformanceLevel } from "./essdThroughput.js";
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
export { ossPrefixWriterPolicy, ossReadOnlyPolicy, rrsaTrustPolicy, RRSA_AUDIENCE, type RamPolicyDocument, type ServiceAccountRef } from "./rrsaPolicy.js";
export {
  NAS_CSI_DRIVER,
  NAS_MOUNT_OPTIONS,
  OSS_CSI_DRIVER,
  OSS_FUSE_NAMESPACE,
  modelVolumeClaim,
  nasPersistentVolume,
  ossFuseServiceAccount,
  ossPersistentVolume,
  ossWriterPersistentVolume,
  writerVolumeClaim,
  type OssVolumeSource,
  type VolumeIdentity,
} from "./modelVolumeObjects.js";
export { ACK_CREATABLE_MINORS, KUBERNETES_VERSIONS_CHECKED_ON, checkKubernetesVersion, type KubernetesMinor } from "./kubernetesVersions.js";
export { VSWITCH_LAYOUTS, type VswitchLayoutKind } from "./networkPlan.js";
export { ACK_CONTROL_PLANE_CIDR, PROXY_MODE, apiServerSchema, managedAddons, type ApiServerAccess } from "./clusterSpec.js";
export {
  DEFAULT_SYSTEM_INSTANCE_TYPE,
  GENERAL_PURPOSE_INSTANCES,
  MIN_SYSTEM_NODES,
  SYSTEM_POOL_NAME,
  findGeneralPurposeInstance,
  resolveSystemPool,
  systemPoolArgsSchema,
  systemPoolNodes,
  systemPoolSettings,
  type GeneralPurposeInstance,
  type SystemPoolArgsInput,
  type SystemPoolSpec,
} from "./systemPool.js";
export { systemWorkloads, totalRequests, type SystemWorkload, type SystemWorkloadNeeds } from "./systemWorkloads.js";
export { withKubeconfigServer } from "./kubeconfig.js";
export { TERWAY_CONFIG_LABEL, TERWAY_ERDMA_CONFIG, TERWAY_ERDMA_ENI_FILTER, terwayErdmaConfigMap } from "./terwayErdma.js";
