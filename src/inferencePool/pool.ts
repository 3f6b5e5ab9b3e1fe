import type { KubernetesObject } from "../k8s/index.js";
import { selectorLabels } from "../workload/labels.js";
import { routingMetadata } from "./metadata.js";
import { PICKER_PORTS, pickerName, poolName } from "./names.js";
import type { InferenceRoute, PoolBackend } from "./spec.js";

/**
 * LeaderWorkerSet's index label on every pod of a group; the leader is worker 0 (kubernetes-sigs/lws
 * v0.7.0 api/leaderworkerset/v1 `WorkerIndexLabelKey`). Only the leader serves HTTP.
 */
export const LWS_WORKER_INDEX_LABEL = "leaderworkerset.sigs.k8s.io/worker-index";

/**
 * The pods a pool selects: exactly one deployment's serving pods (`selectorLabels`, which every
 * pod of that deployment and no other carries), leaders only for a multi-node group.
 */
export function poolSelector(pool: PoolBackend): Record<string, string> {
  return { ...selectorLabels(pool.deploymentName), ...(pool.multiNode ? { [LWS_WORKER_INDEX_LABEL]: "0" } : {}) };
}

/**
 * `inference.networking.k8s.io/v1` InferencePool (config/crd/bases at v1.5.0): the selected pods on
 * the engine port, scored by the pool's own picker. `failureMode: FailClose` (the CRD's default):
 * when the picker is down the gateway answers 5xx rather than sending requests past it, because
 * FailOpen would route without the picker's queue and cache view to any pod of the Service.
 */
export function inferencePool(route: InferenceRoute, pool: PoolBackend): KubernetesObject {
  return {
    apiVersion: "inference.networking.k8s.io/v1",
    kind: "InferencePool",
    metadata: routingMetadata(poolName(pool.deploymentName), route.namespace, route.name),
    spec: {
      selector: { matchLabels: poolSelector(pool) },
      targetPorts: [{ number: pool.port }],
      endpointPickerRef: { name: pickerName(pool.deploymentName), port: { number: PICKER_PORTS.grpc }, failureMode: "FailClose" },
    },
  };
}
