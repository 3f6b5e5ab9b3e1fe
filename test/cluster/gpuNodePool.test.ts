import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nodePoolSettings, poolPlacement } from "../../src/cluster/nodePoolSettings.js";
import { resolveGpuPool } from "../../src/cluster/nodePoolSpec.js";
import { poolSize } from "../../src/cluster/poolSize.js";
import { allocatable, nodeReservation } from "../../src/cluster/reservation.js";
import { LlmfleetError, LlmfleetErrors } from "../../src/errors/index.js";

const a10Pool = {
  clusterId: "c-1",
  vswitchIds: ["vsw-h", "vsw-i"],
  poolName: "a10",
  instanceType: "ecs.gn7i-c16g1.4xlarge",
  size: { mode: "autoscale", minNodes: 1, maxNodes: 4 },
};

function errorOf(input: unknown): LlmfleetError {
  try {
    resolveGpuPool(input);
  } catch (error) {
    if (error instanceof LlmfleetError) return error;
    if (error instanceof LlmfleetErrors && error.errors[0]) return error.errors[0];
    throw error;
  }
  throw new Error("expected resolveGpuPool to throw");
}

describe("GPU node pool validation", () => {
  it("names an unknown instance type and how to declare one", () => {
    const error = errorOf({ ...a10Pool, instanceType: "ecs.gn9-imaginary" });
    expect(error).toMatchObject({ field: "instanceType", value: "ecs.gn9-imaginary" });
    expect(error.fix).toMatch(/instanceFacts/);
  });

  it("accepts an instance type outside the catalogue with declared GPU facts", () => {
    const pool = resolveGpuPool({ ...a10Pool, instanceType: "gn7i-c48g1.12xlarge", instanceFacts: { vcpu: 48, memoryGiB: 186, gpuCount: 1, gpu: "a10" } });
    expect(pool.instance).toMatchObject({ name: "ecs.gn7i-c48g1.12xlarge", family: "gn7i", gpu: "A10", erdma: false });
  });

  it("refuses a GPU that contradicts the plan", () => {
    const error = errorOf({ ...a10Pool, expectedGpu: "L20" });
    expect(error.field).toBe("expectedGpu");
    expect(error.reason).toBe("the plan expects L20 but ecs.gn7i-c16g1.4xlarge carries A10");
  });

  it("refuses min > max", () => {
    const error = errorOf({ ...a10Pool, size: { mode: "autoscale", minNodes: 5, maxNodes: 2 } });
    expect(error).toMatchObject({ field: "size.minNodes", value: 5 });
  });

  it("refuses eRDMA on an instance type without it and allows it on gn8is", () => {
    expect(errorOf({ ...a10Pool, erdma: true }).field).toBe("erdma");
    expect(resolveGpuPool({ ...a10Pool, instanceType: "ecs.gn8is-4x.16xlarge", erdma: true }).erdma).toBe(true);
  });

  it("refuses a pool in a single zone unless allowed", () => {
    expect(errorOf({ ...a10Pool, vswitchIds: ["vsw-h"] }).field).toBe("vswitchIds");
    expect(resolveGpuPool({ ...a10Pool, vswitchIds: ["vsw-h"], allowSingleZone: true }).zoneCount).toBe(1);
  });

  it("allows spot only outside production", () => {
    expect(errorOf({ ...a10Pool, spot: true }).field).toBe("spot");
    expect(nodePoolSettings(resolveGpuPool({ ...a10Pool, spot: true, production: false })).spotStrategy).toBe("SpotAsPriceGo");
  });

  it("sizes a pool from the deployments that target it", () => {
    const pool = resolveGpuPool({ ...a10Pool, size: { mode: "deployments", deployments: [{ replicas: 2, nodesPerReplica: 1 }, { replicas: 1, nodesPerReplica: 2 }], surgeNodes: 1 } });
    expect(pool.scaling).toEqual({ kind: "fixed", nodes: 5 });
    expect(nodePoolSettings(pool)).toMatchObject({ desiredSize: "5" });
    expect(nodePoolSettings(pool).scalingConfig).toBeUndefined();
  });
});

describe("GPU node pool settings", () => {
  const pool = resolveGpuPool({ ...a10Pool, nvidiaDriverVersion: "550.127.08", modelCacheDiskGiB: 500, labels: { team: "search", "llmfleet.io/pool": "hijack" } });
  const settings = nodePoolSettings(pool);

  it("labels nodes with pool, GPU and driver, and keeps llmfleet's labels over the user's", () => {
    expect(settings.labels).toEqual([
      { key: "team", value: "search" },
      { key: "llmfleet.io/pool", value: "a10" },
      { key: "ack.aliyun.com/nvidia-driver-version", value: "550.127.08" },
      { key: "llmfleet.io/gpu", value: "A10" },
    ]);
  });

  it("taints nodes nvidia.com/gpu=present:NoSchedule", () => {
    expect(settings.taints).toEqual([{ key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" }]);
  });

  it("uses a 200 GiB ESSD system disk, a model-cache data disk, GPU autoscaling and auto-repair", () => {
    expect(settings).toMatchObject({ systemDiskCategory: "cloud_essd", systemDiskSize: 200, instanceTypes: ["ecs.gn7i-c16g1.4xlarge"], multiAzPolicy: "BALANCE" });
    expect(settings.dataDisks).toEqual([expect.objectContaining({ category: "cloud_essd", size: 500, mountTarget: "/mnt/model-cache" })]);
    expect(settings.scalingConfig).toEqual({ enable: true, minSize: 1, maxSize: 4, type: "gpu" });
    expect(settings.management).toMatchObject({ enable: true, autoRepair: true, autoUpgrade: false });
  });

  it("writes the reservation it predicts into the kubelet configuration", () => {
    // 16 vCPU: 60 + 10 + 10 + 12 × 2.5 = 110m; 60 GiB: 1 + 0.8 + 0.8 + 44 × 0.06 = 5.24 GiB = 5366 MiB; halved.
    expect(settings.kubeletConfiguration).toEqual({
      kubeReserved: { cpu: "55m", memory: "2683Mi" },
      systemReserved: { cpu: "55m", memory: "2683Mi" },
      evictionHard: { "memory.available": "100Mi" },
    });
  });

  it("exposes the placement workloads need", () => {
    expect(poolPlacement(pool)).toEqual({
      poolName: "a10",
      nodeSelector: { "llmfleet.io/pool": "a10" },
      tolerations: [{ key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" }],
      instanceType: "ecs.gn7i-c16g1.4xlarge",
      gpu: "A10",
      gpusPerNode: 1,
      allocatableCpuMillis: 15890,
      // 60 GiB × 1024 × 0.94 = 57753 MiB capacity − 5366 reserved − 100 eviction.
      allocatableMemoryMiB: 52287,
      erdma: false,
      // 500 GiB PL1 data disk: min{120 + 0.5 × 500, 350} MB/s = 333 MiB/s (ESSD table).
      modelCache: { diskGiB: 500, readThroughputMiBps: 333 },
    });
  });
});

describe("allocatable estimate", () => {
  it("reserves 100m on a 4-vCPU node, as ACK's example node does", () => {
    expect(nodeReservation({ vcpu: 4, memoryGiB: 8 }).reservedCpuMillis).toBe(100);
  });

  it("reserves by tiers on a large node: 128 vCPU / 752 GiB", () => {
    // CPU 60 + 10 + 10 + 124 × 2.5 = 390m; memory (1 + 0.8 + 0.8 + 6.72 + 12.48) GiB = 21.8 GiB.
    expect(nodeReservation({ vcpu: 128, memoryGiB: 752 })).toEqual({ reservedCpuMillis: 390, reservedMemoryMiB: 22324, evictionMemoryMiB: 100 });
  });

  it("never exceeds the node and grows with it (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 256 }), fc.integer({ min: 8, max: 2048 }), (vcpu, memoryGiB) => {
        const small = allocatable({ vcpu, memoryGiB });
        const large = allocatable({ vcpu: vcpu * 2, memoryGiB: memoryGiB * 2 });
        expect(small.cpuMillis).toBeLessThan(vcpu * 1000);
        expect(small.memoryMiB).toBeLessThan(memoryGiB * 1024);
        expect(large.cpuMillis).toBeGreaterThan(small.cpuMillis);
        expect(large.memoryMiB).toBeGreaterThan(small.memoryMiB);
      }),
    );
  });
});

describe("pool size from deployments", () => {
  it("is Σ replicas × nodes per replica plus surge", () => {
    expect(poolSize([{ replicas: 3, nodesPerReplica: 2 }, { replicas: 1, nodesPerReplica: 1 }], 2)).toBe(9);
    expect(poolSize([])).toBe(0);
  });

  it("always holds every replica of every deployment (property)", () => {
    const footprint = fc.record({ replicas: fc.integer({ min: 1, max: 20 }), nodesPerReplica: fc.integer({ min: 1, max: 8 }) });
    fc.assert(
      fc.property(fc.array(footprint, { maxLength: 10 }), fc.nat(5), (deployments, surge) => {
        const size = poolSize(deployments, surge);
        expect(size).toBeGreaterThanOrEqual(deployments.reduce((sum, d) => sum + d.replicas * d.nodesPerReplica, 0));
        for (const deployment of deployments) expect(size).toBeGreaterThanOrEqual(deployment.nodesPerReplica);
      }),
    );
  });
});
