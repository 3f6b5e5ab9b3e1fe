/**
 * llmfleet's Horovod batch program (`batch/horovod_batch_infer.py`, shipped in the npm package) in
 * the pods: a ConfigMap mounted read-only, so the job runs with any image that has Horovod, PyTorch
 * and transformers (batch/Dockerfile) and the script needs no image rebuild.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { KubernetesObject } from "../k8s/types.js";
import { packageRoot } from "../packageInfo.js";

export const BATCH_SCRIPT_FILE = "horovod_batch_infer.py";
/** Where the ConfigMap is mounted in the worker pods. */
export const BATCH_SCRIPT_MOUNT_PATH = "/opt/llmfleet/batch";
export const BATCH_SCRIPT_PATH = `${BATCH_SCRIPT_MOUNT_PATH}/${BATCH_SCRIPT_FILE}`;

/** The script's text from the package's `batch/` folder. */
export function shippedBatchScript(): string {
  return readFileSync(join(packageRoot(), "batch", BATCH_SCRIPT_FILE), "utf8");
}

export function batchScriptConfigMapName(deploymentName: string): string {
  return `${deploymentName}-batch-script`;
}

export function batchScriptConfigMap(meta: { readonly name: string; readonly namespace: string; readonly labels: Readonly<Record<string, string>> }, script: string): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: batchScriptConfigMapName(meta.name), namespace: meta.namespace, labels: { ...meta.labels } },
    data: { [BATCH_SCRIPT_FILE]: script },
  };
}
