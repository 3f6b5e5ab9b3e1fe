import { describe, expect, it } from "vitest";
import { poolLabels, resolveGpuPool, TERWAY_CONFIG_LABEL, TERWAY_ERDMA_CONFIG, terwayErdmaConfigMap } from "../../src/cluster/index.js";
import { manifestProblems } from "../../src/k8s/index.js";

const h20Pool = { clusterId: "c-1", vswitchIds: ["vsw-1"], allowSingleZone: true, poolName: "h20x8", instanceType: "ecs.gn8v-8x.48xlarge", size: { mode: "fixed", nodes: 2 } } as const;

describe("Terway beside ack-erdma-controller", () => {
  it("whitelists only ENIs Terway created (creator: terway) in a kube-system ConfigMap Terway merges per node", async () => {
    const configMap = terwayErdmaConfigMap();
    expect(configMap.metadata).toMatchObject({ name: TERWAY_ERDMA_CONFIG, namespace: "kube-system" });
    expect(JSON.parse(String((configMap["data"] as Record<string, string>)["eni_conf"]))).toEqual({ eni_tag_filter: { creator: "terway" } });
    expect(await manifestProblems(configMap)).toEqual([]);
  });

  it("labels eRDMA pools' nodes with the configuration's name, and no other pool", () => {
    expect(poolLabels(resolveGpuPool({ ...h20Pool, erdma: true }))[TERWAY_CONFIG_LABEL]).toBe(TERWAY_ERDMA_CONFIG);
    expect(poolLabels(resolveGpuPool({ ...h20Pool, erdma: false }))[TERWAY_CONFIG_LABEL]).toBeUndefined();
  });
});
