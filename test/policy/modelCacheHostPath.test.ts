import { describe, expect, it } from "vitest";
import { noHostPath } from "../../src/policy/rules/index.js";
import { k8s, LABELS, NS, servingPodSpec, violationsOf } from "./fixtures.js";

const INFERENCE_LABELS = { ...LABELS, "app.kubernetes.io/component": "inference" };
const CACHE_VOLUME = { name: "model-cache", hostPath: { path: "/mnt/model-cache", type: "DirectoryOrCreate" } };

/** A serving Deployment with the given pod labels and one extra volume. */
function deploymentWith(volume: Record<string, unknown>, labels: Record<string, string> = INFERENCE_LABELS) {
  return k8s("kubernetes:apps/v1:Deployment", {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "qwen", namespace: NS, labels },
    spec: { replicas: 1, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: servingPodSpec({ volumes: [volume] }) } },
  });
}

describe("no-hostpath and the node model cache", () => {
  it("admits the model-cache disk as DirectoryOrCreate on an llmfleet inference pod", () => {
    expect(violationsOf(noHostPath, deploymentWith(CACHE_VOLUME))).toEqual([]);
    expect(violationsOf(noHostPath, deploymentWith({ ...CACHE_VOLUME, hostPath: { path: "/mnt/model-cache/weights", type: "DirectoryOrCreate" } }))).toEqual([]);
  });

  it.each([
    ["another host path", { path: "/var/lib/kubelet", type: "DirectoryOrCreate" }],
    ["a path that climbs out of the cache", { path: "/mnt/model-cache/../../etc", type: "DirectoryOrCreate" }],
    ["a path that only starts like the cache", { path: "/mnt/model-cache-old", type: "DirectoryOrCreate" }],
    ["another hostPath type", { path: "/mnt/model-cache", type: "Socket" }],
    ["no type (no check at all)", { path: "/mnt/model-cache" }],
  ])("still refuses %s", (_case, hostPath) => {
    const [found, ...rest] = violationsOf(noHostPath, deploymentWith({ name: "model-cache", hostPath }));
    expect(rest).toEqual([]);
    expect(found?.message).toContain(`Deployment llm-serving/qwen mounts hostPath volume "model-cache" (${hostPath.path})`);
  });

  it("still refuses the cache path on a pod that is not an llmfleet inference workload", () => {
    const [found] = violationsOf(noHostPath, deploymentWith(CACHE_VOLUME, { "app.kubernetes.io/name": "debug" }));
    expect(found?.message).toContain('mounts hostPath volume "model-cache" (/mnt/model-cache)');
  });
});
