/** Every llmfleet policy rule, in the order the security catalogue lists them, then the ACK rules and alert routing. */
import { gpuInstanceAllowlist, gpuPoolPlacement } from "./ackGpu.js";
import { alertsRouted } from "./alerting.js";
import { hpaBehavior } from "./autoscaling.js";
import { pdbSane } from "./disruptionBudget.js";
import { memoryBudget, shmRequired } from "./gpuResources.js";
import { hostNamespaces, noHostPath } from "./hostAccess.js";
import { imagePinned } from "./images.js";
import { endpointPickerRbac } from "./endpointPickerRbac.js";
import { inferencePoolServingPods } from "./inferencePoolSelection.js";
import { inferenceRouteKeyCheck } from "./inferenceRouteKeyCheck.js";
import { istioAuthz, istioMtlsStrict } from "./istioSecurity.js";
import { drResilience, gatewayHosts, noGenerationRetries } from "./istioTraffic.js";
import { grafanaSecure, prometheusPrivate } from "./monitoring.js";
import { netpolDefaultDeny } from "./networkPolicy.js";
import { capsDropAll, noPrivileged, nonRoot } from "./privilege.js";
import { startupGatesLiveness } from "./probes.js";
import { noPublicServices } from "./publicServices.js";
import { gracefulDrain, gpuRollout } from "./rollout.js";
import { noSecretLiterals } from "./secrets.js";
import { ossWriteScoped } from "./ossWriters.js";
import { saRbac } from "./serviceAccounts.js";
import { vllmFlags } from "./vllmFlags.js";
import type { PolicyRule } from "../types.js";

export const ALL_RULES: readonly PolicyRule[] = [
  noPrivileged,
  capsDropAll,
  nonRoot,
  hostNamespaces,
  noHostPath,
  shmRequired,
  memoryBudget,
  startupGatesLiveness,
  gracefulDrain,
  gpuRollout,
  pdbSane,
  imagePinned,
  noSecretLiterals,
  ossWriteScoped,
  saRbac,
  netpolDefaultDeny,
  noPublicServices,
  istioMtlsStrict,
  istioAuthz,
  noGenerationRetries,
  drResilience,
  gatewayHosts,
  inferencePoolServingPods,
  endpointPickerRbac,
  inferenceRouteKeyCheck,
  grafanaSecure,
  prometheusPrivate,
  vllmFlags,
  hpaBehavior,
  gpuInstanceAllowlist,
  gpuPoolPlacement,
  alertsRouted,
];

export {
  ossWriteScoped,
  alertsRouted,
  capsDropAll,
  drResilience,
  endpointPickerRbac,
  gatewayHosts,
  gpuInstanceAllowlist,
  gpuPoolPlacement,
  gpuRollout,
  gracefulDrain,
  grafanaSecure,
  hostNamespaces,
  hpaBehavior,
  imagePinned,
  inferencePoolServingPods,
  inferenceRouteKeyCheck,
  istioAuthz,
  istioMtlsStrict,
  memoryBudget,
  netpolDefaultDeny,
  noGenerationRetries,
  noHostPath,
  noPrivileged,
  noPublicServices,
  noSecretLiterals,
  nonRoot,
  pdbSane,
  prometheusPrivate,
  saRbac,
  shmRequired,
  startupGatesLiveness,
  vllmFlags,
};
