import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LlmfleetError } from "../../src/errors/index.js";
import { GPU_MODELS, INSTANCE_TYPES, resolveGpu } from "../../src/gpu/index.js";
import { kvBytesPerTokenPerGpu, listModels, resolveModel } from "../../src/model/index.js";
import { ENGINES, parallelismProblems, planDeployment, type PlanRequest } from "../../src/planner/index.js";

const GiB = 2 ** 30;
const modelNames = listModels().map((m) => m.name);
const gpuInputs = [...GPU_MODELS.map((g) => g.name), ...INSTANCE_TYPES.map((t) => t.name)];

const requests = fc.record({
  model: fc.constantFrom(...modelNames),
  gpu: fc.constantFrom(...gpuInputs),
  engine: fc.constantFrom(...ENGINES),
  dtype: fc.constantFrom("auto", "bf16", "fp16", "fp8", "int8", "int4"),
  kvCacheDtype: fc.constantFrom("auto", "fp8"),
  maxModelLen: fc.option(fc.constantFrom(1024, 2048, 4096, 8192, 32768, 131072), { nil: undefined }),
  gpuMemoryUtilization: fc.option(fc.double({ min: 0.5, max: 0.95, noNaN: true }), { nil: undefined }),
  tensorParallel: fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
  pipelineParallel: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
});

describe("every plan the planner accepts is valid", () => {
  it("satisfies the parallelism rules, the placement rules and the memory inequality", () => {
    let accepted = 0;
    fc.assert(
      fc.property(requests, (input) => {
        const model = resolveModel(input.model);
        const gpu = resolveGpu(input.gpu);
        const request = { ...input, model, gpu } as PlanRequest;
        let plan;
        try {
          plan = planDeployment(request);
        } catch (error) {
          expect(error).toBeInstanceOf(LlmfleetError);
          return;
        }
        accepted += 1;
        const { tensorParallel: tp, pipelineParallel: pp } = plan;
        if (input.tensorParallel !== undefined) expect(tp).toBe(input.tensorParallel);
        if (input.pipelineParallel !== undefined) expect(pp).toBe(input.pipelineParallel);
        expect(plan.gpus).toBe(tp * pp);
        expect(parallelismProblems(model, tp, pp, model.quantization?.groupSize ?? null)).toEqual([]);
        // Placement: TP stays inside a node; whole nodes when multi-node.
        expect(plan.nodes * plan.gpusPerNode).toBeGreaterThanOrEqual(plan.engine === "horovod" ? 1 : plan.gpus);
        if (plan.nodes > 1) expect(plan.gpusPerNode % tp).toBe(0);
        const instance = INSTANCE_TYPES.find((t) => t.name === plan.instanceType);
        expect(instance?.gpu).toBe(gpu.gpu.name);
        expect(plan.gpusPerNode).toBeLessThanOrEqual(instance?.gpuCount ?? 0);
        // Memory, vLLM's model: weights + overhead + KV = usable. SGLang's: weights + KV fill the static
        // pool (usable) and the overhead fits what the fraction leaves outside it. KV holds one sequence.
        const { usableGiB, weightsGiB, overheadGiB, kvCacheGiB } = plan.perGpu;
        if (plan.engine === "sglang") {
          expect(Math.abs(weightsGiB + kvCacheGiB - usableGiB)).toBeLessThan(0.03);
          expect(overheadGiB).toBeLessThanOrEqual(gpu.gpu.usableGiB * (1 - plan.gpuMemoryUtilization) + 0.01);
        } else {
          expect(Math.abs(weightsGiB + overheadGiB + kvCacheGiB - usableGiB)).toBeLessThan(0.03);
        }
        expect(usableGiB).toBeLessThanOrEqual(gpu.gpu.usableGiB * plan.gpuMemoryUtilization + 0.01);
        expect(kvCacheGiB).toBeGreaterThan(0);
        const window = model.slidingWindow ?? Infinity;
        expect(plan.kvCacheTokens).toBeGreaterThanOrEqual(Math.min(plan.model.maxModelLen, window));
        expect(plan.maxConcurrency).toBeGreaterThanOrEqual(1);
        // The KV capacity never claims more bytes than the KV budget.
        const perGpuTokenBytes = kvBytesPerTokenPerGpu(model, plan.kvCacheDtype === "fp8" ? 1 : 2, tp, pp);
        expect(plan.kvCacheTokens * perGpuTokenBytes).toBeLessThanOrEqual((kvCacheGiB + 0.005) * GiB);
        if (plan.engine === "bladellm") expect(plan.gpus * gpu.gpu.usableGiB).toBeGreaterThanOrEqual((1.7 * plan.model.weightBytes) / GiB);
        if (plan.engine === "horovod") expect(plan.gpus).toBe(1);
      }),
      { numRuns: 400, seed: 20261121 },
    );
    expect(accepted).toBeGreaterThan(20);
  });
});
