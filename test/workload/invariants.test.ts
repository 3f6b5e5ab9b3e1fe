import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { PoolPlacement } from "../../src/cluster/types.js";
import { validateManifests } from "../../src/k8s/validate.js";
import type { InferenceDeploymentInput } from "../../src/deployment/index.js";
import { engineDefinition } from "../../src/engines/index.js";
import { buildInferenceWorkload, estimateLoadSeconds, workloadShape } from "../../src/workload/index.js";
import type { InferenceDeploymentSpec } from "../../src/workload/spec.js";
import { a10Pool, a10x4Pool, at, h20Pool, mebibytes, modelVolume, plan, podContainers, parseSpec } from "./fixtures.js";

const pools: readonly PoolPlacement[] = [a10Pool, a10x4Pool, h20Pool];

/** A layout the planner could produce: TP inside a node, whole nodes beyond one. */
const layout = fc
  .record({ pool: fc.constantFrom(...pools), nodes: fc.integer({ min: 1, max: 4 }), split: fc.boolean() })
  .chain(({ pool, nodes, split }) =>
    fc.integer({ min: 1, max: pool.gpusPerNode }).map((gpusOnOneNode) => {
      // One-GPU nodes (30 GiB) cannot hold the 16 GiB shm of a multi-node group: the builders refuse them.
      const groupNodes = pool.gpusPerNode > 1 ? nodes : 1;
      const gpusPerNode = groupNodes > 1 ? pool.gpusPerNode : gpusOnOneNode;
      // Half the time, split a node's GPUs into two pipeline stages instead of one TP group.
      const tensorParallel = split && gpusPerNode % 2 === 0 ? gpusPerNode / 2 : gpusPerNode;
      return { pool, nodes: groupNodes, gpusPerNode, tensorParallel, pipelineParallel: (gpusPerNode * groupNodes) / tensorParallel };
    }),
  );

const validSpec: fc.Arbitrary<InferenceDeploymentSpec> = fc
  .record({
    engine: fc.constantFrom("vllm", "bladellm", "horovod"),
    layout,
    weightGB: fc.integer({ min: 1, max: 900 }),
    throughput: fc.integer({ min: 20, max: 5000 }),
    replicas: fc.integer({ min: 1, max: 8 }),
    spareGpus: fc.integer({ min: 0, max: 32 }),
    shutdownTimeoutSeconds: fc.integer({ min: 0, max: 900 }),
    executor: fc.constantFrom("mp", "ray"),
    autoscale: fc.boolean(),
  })
  .map((draw) => {
    const engine = draw.engine as "vllm" | "bladellm" | "horovod";
    const { pool } = draw.layout;
    // BladeLLM runs on one node, Horovod one GPU per rank: narrow the layout to what the engine allows.
    const nodes = engine === "vllm" ? draw.layout.nodes : 1;
    const gpusPerNode = engine === "horovod" ? pool.gpusPerNode : nodes === 1 && engine === "bladellm" ? Math.min(draw.layout.gpusPerNode, pool.gpusPerNode) : draw.layout.gpusPerNode;
    const tensorParallel = engine === "horovod" ? 1 : engine === "vllm" ? draw.layout.tensorParallel : gpusPerNode;
    const pipelineParallel = engine === "vllm" ? draw.layout.pipelineParallel : 1;
    const gpus = tensorParallel * pipelineParallel;
    const input: InferenceDeploymentInput = {
      name: "model",
      model: "qwen2.5-72b-instruct",
      engine,
      image: engine === "bladellm" ? { repository: "pai/bladellm", tag: "0.9.0" } : undefined,
      plan: plan({
        model: { ...plan().model, weightBytes: draw.weightGB * 1e9 },
        engine,
        gpu: { name: pool.gpu, memoryGiB: 40 },
        instanceType: pool.instanceType,
        gpusPerNode,
        nodes,
        tensorParallel,
        pipelineParallel,
        gpus,
        shmGiB: engineDefinition(engine).planning.shmGiB(gpusPerNode, nodes),
      }),
      placement: pool,
      volume: { ...modelVolume, readThroughputMiBps: draw.throughput },
      replicas: draw.replicas,
      spareGpus: draw.spareGpus,
      shutdownTimeoutSeconds: draw.shutdownTimeoutSeconds,
      executor: draw.executor as "mp" | "ray",
      autoscaling: draw.autoscale && engine === "vllm" ? { minReplicas: 1, maxReplicas: 8 } : undefined,
      batchJob: engine === "horovod" ? { command: ["python", "/app/infer.py"] } : undefined,
    };
    return parseSpec(input);
  });

function gpuLimit(container: Record<string, unknown>): number {
  return Number(at(container, "resources", "limits", "nvidia.com/gpu") ?? 0);
}

function preStopSeconds(container: Record<string, unknown>): number {
  const command = at(container, "lifecycle", "preStop", "exec", "command");
  return Array.isArray(command) ? Number(command[1]) : 0;
}

describe("invariants over valid specs", () => {
  it("a group's GPU limits add up to TP × PP (Horovod: the job's ranks), and requests equal limits", () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        const shape = workloadShape(spec);
        const pods = podContainers(buildInferenceWorkload(spec, "key"));
        const perRole = (role: string | undefined) => gpuLimit(pods.find((p) => p.role === role)?.container ?? {});
        // A group is one pod, a leader plus size − 1 workers, or (MPIJob) a GPU-less launcher plus its workers.
        const groupGpus =
          shape.kind === "Deployment" ? perRole(undefined) : perRole("leader") + perRole("worker") * (shape.kind === "MPIJob" ? shape.podsPerGroup : shape.podsPerGroup - 1);
        expect(groupGpus).toBe(spec.engine === "horovod" ? spec.plan.gpusPerNode * spec.replicas : spec.plan.tensorParallel * spec.plan.pipelineParallel);
        for (const { container } of pods) {
          expect(at(container, "resources", "requests", "nvidia.com/gpu")).toEqual(at(container, "resources", "limits", "nvidia.com/gpu"));
        }
      }),
    );
  });

  it("/dev/shm never exceeds the memory limit, and memory requests fit the pod's share of a node", () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        for (const { pod, container } of podContainers(buildInferenceWorkload(spec, "key"))) {
          const volumes = (pod["volumes"] as { name: string; emptyDir?: { sizeLimit?: string } }[]) ?? [];
          const shm = volumes.find((volume) => volume.name === "dshm")?.emptyDir?.sizeLimit;
          const limit = mebibytes(at(container, "resources", "limits", "memory"));
          if (shm !== undefined) expect(mebibytes(shm)).toBeLessThanOrEqual(limit);
          const share = (spec.placement.allocatableMemoryMiB * gpuLimit(container)) / spec.placement.gpusPerNode;
          if (gpuLimit(container) > 0) expect(mebibytes(at(container, "resources", "requests", "memory"))).toBeLessThanOrEqual(share);
        }
      }),
    );
  });

  it("the grace period covers preStop plus the engine's drain", () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        for (const { role, pod, container } of podContainers(buildInferenceWorkload(spec, "key"))) {
          const serving = spec.engine !== "horovod" && role !== "worker";
          const drain = serving ? spec.shutdownTimeoutSeconds : 0;
          expect(Number(pod["terminationGracePeriodSeconds"])).toBeGreaterThanOrEqual(preStopSeconds(container) + drain);
          if (spec.engine !== "horovod" && role === "worker") expect(preStopSeconds(container)).toBeGreaterThanOrEqual(spec.shutdownTimeoutSeconds);
        }
      }),
    );
  });

  it("the startup budget is at least the load time when every rank reads the whole checkpoint (vllm#5405)", () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        const load = estimateLoadSeconds({ weightBytes: spec.plan.model.weightBytes, readThroughputMiBps: spec.volume.readThroughputMiBps, nodes: spec.plan.nodes, checkpointReads: spec.plan.gpus });
        for (const { container } of podContainers(buildInferenceWorkload(spec, "key"))) {
          const probe = container["startupProbe"];
          if (probe === undefined) continue;
          expect(Number(at(probe, "periodSeconds")) * Number(at(probe, "failureThreshold"))).toBeGreaterThanOrEqual(load);
        }
      }),
    );
  });

  it("the API key never reaches a command line, and eRDMA appears only on eRDMA pools", () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        for (const { container } of podContainers(buildInferenceWorkload(spec, "api-key-secret"))) {
          const words = JSON.stringify([container["command"], container["args"]]);
          expect(words).not.toMatch(/api-key|VLLM_API_KEY/);
          const erdmaDevice = at(container, "resources", "limits", "aliyun/erdma") !== undefined;
          if (erdmaDevice || JSON.stringify(container["env"]).includes("NCCL_IB_HCA")) expect(spec.placement.erdma).toBe(true);
          const capabilities = at(container, "securityContext", "capabilities", "add");
          expect(Array.isArray(capabilities) && capabilities.includes("IPC_LOCK")).toBe(erdmaDevice);
        }
      }),
    );
  });

  it("every emitted object validates against its upstream schema", async () => {
    await fc.assert(
      fc.asyncProperty(validSpec, async (spec) => {
        expect(await validateManifests(buildInferenceWorkload(spec, "key"))).toEqual([]);
      }),
      { numRuns: 30 },
    );
  });
});
