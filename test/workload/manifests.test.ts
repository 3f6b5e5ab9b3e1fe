import { describe, expect, it } from "vitest";
import { validateManifests } from "../../src/k8s/validate.js";
import { buildInferenceWorkload } from "../../src/workload/index.js";
import { modes } from "./fixtures.js";

const expectedKinds: Readonly<Record<string, string[]>> = {
  "vLLM single node": ["ServiceAccount", "Deployment", "Service", "PodDisruptionBudget", "NetworkPolicy"],
  "vLLM multi-node (multiprocessing)": ["ServiceAccount", "LeaderWorkerSet", "Service", "PodDisruptionBudget", "NetworkPolicy"],
  "vLLM multi-node (Ray)": ["ServiceAccount", "LeaderWorkerSet", "Service", "NetworkPolicy"],
  BladeLLM: ["ServiceAccount", "Deployment", "Service", "NetworkPolicy"],
  "Horovod MPIJob": ["ServiceAccount", "MPIJob", "NetworkPolicy"],
};

describe.each(Object.entries(modes))("%s", (mode, makeSpec) => {
  const spec = makeSpec();
  const objects = buildInferenceWorkload(spec, "qwen-api-key");

  it("emits the objects of its mode", () => {
    expect(objects.map((object) => object.kind)).toEqual(expectedKinds[mode]);
  });

  it("emits only objects that validate against their upstream schema", async () => {
    expect(await validateManifests(objects)).toEqual([]);
  });

  it("labels every object as docs/architecture.md requires", () => {
    for (const object of objects) {
      expect(object.metadata.namespace).toBe("llm-serving");
      expect(object.metadata.labels).toMatchObject({
        "app.kubernetes.io/name": spec.name,
        "app.kubernetes.io/instance": `${spec.name}-v1`,
        "app.kubernetes.io/component": "inference",
        "app.kubernetes.io/part-of": "llmfleet",
        "app.kubernetes.io/managed-by": "pulumi",
        "llmfleet.io/model": spec.model,
        "llmfleet.io/engine": spec.engine,
        "llmfleet.io/version": "v1",
      });
    }
  });
});

describe("autoscaled vLLM", () => {
  it("adds a KEDA ScaledObject that validates against @kubernetes-models/keda", async () => {
    const spec = modes["vLLM multi-node (multiprocessing)"]?.();
    if (spec === undefined) throw new Error("fixture missing");
    const scaled = { ...spec, autoscaling: { minReplicas: 1, maxReplicas: 4, waitingRequestsPerReplica: 5, scaleDownStabilizationSeconds: 600, prometheusAddress: "http://prometheus.monitoring.svc:9090", scaleToZero: false } };
    const objects = buildInferenceWorkload(scaled, "llama-api-key");
    expect(objects.map((object) => object.kind)).toContain("ScaledObject");
    expect(await validateManifests(objects)).toEqual([]);
    const toZero = { ...scaled, autoscaling: { ...scaled.autoscaling, scaleToZero: true }, route: { route: "llama", subsets: ["v1"] } };
    expect(await validateManifests(buildInferenceWorkload(toZero, "llama-api-key"))).toEqual([]);
  });
});
