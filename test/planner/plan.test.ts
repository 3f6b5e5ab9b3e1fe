import { describe, expect, it } from "vitest";
import { resolveGpu } from "../../src/gpu/index.js";
import { resolveModel } from "../../src/model/index.js";
import { planDeployment, type PlanRequest } from "../../src/planner/index.js";
import { errorOf } from "../support/errors.js";

function request(model: string, gpu: string, options: Partial<PlanRequest> = {}): PlanRequest {
  return { model: resolveModel(model), gpu: resolveGpu(gpu), engine: "vllm", dtype: "auto", kvCacheDtype: "auto", ...options };
}

describe("planDeployment proposes the cheapest feasible plan", () => {
  it("puts a 7B model on one A10 at 8k context", () => {
    const plan = planDeployment(request("qwen2.5-7b-instruct", "A10", { maxModelLen: 8192 }));
    expect(plan).toMatchObject({ instanceType: "ecs.gn7i-c8g1.2xlarge", tensorParallel: 1, pipelineParallel: 1, gpus: 1, nodes: 1, shmGiB: 2 });
    expect(plan.model.dtype).toBe("bf16");
    // 28 layers × 4 KV heads × 128 dims × 2 (K and V) × 2 bytes
    expect(plan.model.kvBytesPerToken).toBe(57344);
    // 20.25 GiB usable − 14.19 GiB weights − 1.99 GiB activations and runtime leave ~4 GiB: nine 8k sequences.
    expect(plan.kvCacheTokens).toBe(74_592);
    expect(plan.maxConcurrency).toBe(9);
  });

  it("splits a 72B model with tensor parallelism inside one L20 node", () => {
    const plan = planDeployment(request("qwen2.5-72b-instruct", "L20", { maxModelLen: 32768 }));
    expect(plan).toMatchObject({ instanceType: "ecs.gn8is-4x.16xlarge", tensorParallel: 4, pipelineParallel: 1, nodes: 1, shmGiB: 16 });
  });

  it("prefers TP 8 on a full node over a pipeline split that uses fewer GPUs of the same node", () => {
    const plan = planDeployment(request("llama-3.1-405b-instruct", "H20", { maxModelLen: 32768, dtype: "fp8" }));
    expect(plan).toMatchObject({ tensorParallel: 8, pipelineParallel: 1, nodes: 1, gpusPerNode: 8 });
  });

  it("goes multi-node with pipeline stages across nodes when one node cannot hold the model", () => {
    const plan = planDeployment(request("deepseek-v3", "L20", { maxModelLen: 16384 }));
    expect(plan.nodes).toBeGreaterThan(1);
    expect(plan.tensorParallel).toBe(plan.gpusPerNode);
    expect(plan.pipelineParallel).toBe(plan.nodes);
    expect(plan.model.dtype).toBe("fp8");
  });

  it("ranks instance types by the user's prices when given", () => {
    const prices = new Map([
      ["ecs.gn7i-c8g1.2xlarge", 20],
      ["ecs.gn7i-c16g1.4xlarge", 12],
    ]);
    const plan = planDeployment(request("qwen2.5-7b-instruct", "A10", { maxModelLen: 8192, prices }));
    expect(plan.instanceType).toBe("ecs.gn7i-c16g1.4xlarge");
  });

  it("uses the instance type the user named, and every GPU of it that the model can split over", () => {
    const plan = planDeployment(request("qwen2.5-7b-instruct", "ecs.gn7i-c32g1.32xlarge", { maxModelLen: 8192 }));
    expect(plan).toMatchObject({ instanceType: "ecs.gn7i-c32g1.32xlarge", tensorParallel: 4, gpus: 4, gpusPerNode: 4 });
  });

  it("at the same price, fills the instance: Qwen2.5-72B on H20 at 32k takes all 4 GPUs of ecs.gn8v-4x.24xlarge", () => {
    const plan = planDeployment(request("qwen2.5-72b-instruct", "H20", { maxModelLen: 32768 }));
    expect(plan).toMatchObject({ instanceType: "ecs.gn8v-4x.24xlarge", tensorParallel: 4, pipelineParallel: 1, gpus: 4, gpusPerNode: 4 });
    // TP 2 on the same instance left 15.33 GiB of KV cache per GPU on 2 GPUs; TP 4 leaves 49.48 GiB on each of 4.
    expect(plan.kvCacheTokens).toBe(648_544);
  });

  it("with TP given, fills the rest of the instance with pipeline stages rather than leave GPUs idle", () => {
    const plan = planDeployment(request("qwen2.5-72b-instruct", "H20", { maxModelLen: 32768, tensorParallel: 2 }));
    expect(plan).toMatchObject({ instanceType: "ecs.gn8v-4x.24xlarge", tensorParallel: 2, pipelineParallel: 2, gpus: 4 });
  });

  it("with TP and PP both given, keeps them even when GPUs of the instance stay idle", () => {
    const plan = planDeployment(request("qwen2.5-72b-instruct", "H20", { maxModelLen: 32768, tensorParallel: 2, pipelineParallel: 1 }));
    expect(plan).toMatchObject({ instanceType: "ecs.gn8v-4x.24xlarge", tensorParallel: 2, pipelineParallel: 1, gpus: 2 });
  });
});

describe("planDeployment validates explicit parallelism", () => {
  it("rejects a TP that does not divide the attention heads, naming the field and a fix", () => {
    const error = errorOf(() => planDeployment(request("qwen2.5-72b-instruct", "L20", { tensorParallel: 3, maxModelLen: 8192 })));
    expect(error.field).toBe("tensorParallel");
    expect(error.value).toBe(3);
    expect(error.reason).toContain("64 attention heads do not divide by 3");
    expect(error.fix).toMatch(/TP \d+ × PP \d+/);
  });

  it("rejects a split that leaves no room for one max-length sequence", () => {
    const error = errorOf(() => planDeployment(request("qwen2.5-72b-instruct", "A10", { tensorParallel: 1, pipelineParallel: 1, maxModelLen: 8192 })));
    expect(error.field).toBe("tensorParallel");
    expect(error.reason).toMatch(/^TP 1 × PP 1 on A10 needs \d+\.\d+ GiB weights \+ \d+\.\d+ GiB overhead per GPU, more than the 20\.25 GiB usable, before any KV cache$/);
  });

  it("accepts a valid explicit split and reports it as given", () => {
    const plan = planDeployment(request("qwen3-32b", "L20", { tensorParallel: 2, pipelineParallel: 1, maxModelLen: 16384 }));
    expect(plan).toMatchObject({ tensorParallel: 2, pipelineParallel: 1, gpus: 2 });
  });

  it("refuses a context longer than the model was trained for", () => {
    const error = errorOf(() => planDeployment(request("qwen2.5-7b-instruct", "A10", { maxModelLen: 1_000_000 })));
    expect(error.field).toBe("maxModelLen");
    expect(error.fix).toContain("32768");
  });

  it("refuses a gpu memory utilisation outside (0, 1]", () => {
    expect(errorOf(() => planDeployment(request("qwen2.5-7b-instruct", "A10", { gpuMemoryUtilization: 1.5 }))).field).toBe("gpuMemoryUtilization");
  });
});

describe("planDeployment says when the context length costs GPUs", () => {
  it("warns that Llama-3.1-8B's default 131,072-token context takes 2 A10s, and what one A10 holds", () => {
    const plan = planDeployment(request("llama-3.1-8b-instruct", "A10"));
    expect(plan.gpus).toBe(2);
    expect(plan.warnings).toContain(
      "the max model length of 131,072 tokens (the model's full context, the default) takes 2 GPUs per replica: one A10 holds 27,952 tokens of KV cache; " +
        "set the max model length (--max-model-len, maxModelLen in a stack) to at most 27,952 to serve on 1",
    );
  });

  it("serves on one A10 at the length the warning names, and says nothing then", () => {
    const plan = planDeployment(request("llama-3.1-8b-instruct", "A10", { maxModelLen: 27_952 }));
    expect(plan.gpus).toBe(1);
    // One sequence of 27,952 tokens fills the cache: only the concurrency warning remains.
    expect(plan.warnings.filter((warning) => warning.includes("takes"))).toEqual([]);
    expect(plan.warnings).toEqual([expect.stringMatching(/fewer than 4 concurrent|concurren/)]);
  });

  it("says nothing when the weights alone need the extra GPUs", () => {
    const plan = planDeployment(request("qwen2.5-72b-instruct", "L20", { maxModelLen: 32768 }));
    expect(plan.gpus).toBe(4);
    expect(plan.warnings.filter((warning) => warning.includes("max model length of"))).toEqual([]);
  });
});

describe("planDeployment handles precision by GPU", () => {
  it("refuses an explicit bf16 on a T4, which cannot compute in it", () => {
    const error = errorOf(() => planDeployment(request("qwen2.5-1.5b-instruct", "T4", { dtype: "bf16", maxModelLen: 4096 })));
    expect(error.field).toBe("dtype");
    expect(error.value).toBe("bf16");
    expect(error.reason).toBe("T4 (compute capability 7.5) cannot compute in bf16, which needs compute capability ≥ 8.0");
    expect(error.fix).toContain("use fp16, or auto");
  });

  it("falls back from a bf16 checkpoint to fp16 under auto, with a warning that says so", () => {
    const plan = planDeployment(request("qwen2.5-1.5b-instruct", "V100-32G", { dtype: "auto", maxModelLen: 4096 }));
    expect(plan.model.dtype).toBe("fp16");
    expect(plan.warnings).toContainEqual(expect.stringMatching(/^qwen2\.5-1\.5b-instruct's checkpoint is bf16 and V100-32G \(compute capability 7\) has no bf16: serving in fp16/));
    expect(planDeployment(request("qwen2.5-1.5b-instruct", "A10", { dtype: "auto", maxModelLen: 4096 })).warnings).toEqual([]);
  });

  it("refuses fp8 weights on a V100", () => {
    expect(errorOf(() => planDeployment(request("qwen2.5-7b-instruct", "V100-32G", { dtype: "fp8" }))).field).toBe("dtype");
  });

  it("serves an fp8 checkpoint at fp8 and refuses to serve it at bf16", () => {
    expect(planDeployment(request("qwen3-235b-a22b-fp8", "H20", { maxModelLen: 32768 })).model.dtype).toBe("fp8");
    expect(errorOf(() => planDeployment(request("qwen3-235b-a22b-fp8", "H20", { dtype: "bf16" }))).field).toBe("dtype");
  });

  it("halves the KV cache per token with an fp8 KV cache", () => {
    const bf16 = planDeployment(request("llama-3.1-8b-instruct", "L20", { maxModelLen: 8192 }));
    const fp8 = planDeployment(request("llama-3.1-8b-instruct", "L20", { maxModelLen: 8192, kvCacheDtype: "fp8" }));
    expect(bf16.model.kvBytesPerToken).toBe(131072);
    expect(fp8.model.kvBytesPerToken).toBe(65536);
    expect(fp8.kvCacheTokens).toBeGreaterThan(1.9 * bf16.kvCacheTokens);
  });
});

describe("engine rules", () => {
  it("BladeLLM refuses models outside the Qwen and Llama families", () => {
    const error = errorOf(() => planDeployment(request("mixtral-8x7b-instruct", "A100-80G", { engine: "bladellm" })));
    expect(error.field).toBe("engine");
    expect(error.reason).toContain("Qwen and Llama");
  });

  it("BladeLLM refuses T4 and V100", () => {
    expect(errorOf(() => planDeployment(request("qwen2.5-7b-instruct", "T4", { engine: "bladellm" }))).reason).toContain("A-, H- and L-series");
    expect(errorOf(() => planDeployment(request("qwen2.5-7b-instruct", "V100-32G", { engine: "bladellm" }))).field).toBe("engine");
  });

  it("BladeLLM plans at least 1.7 × the model footprint and gives multi-GPU pods 64 GiB of shm", () => {
    const plan = planDeployment(request("qwen2.5-32b-instruct", "L20", { engine: "bladellm", maxModelLen: 16384 }));
    expect(plan.gpus * plan.gpu.memoryGiB).toBeGreaterThanOrEqual((1.7 * plan.model.weightBytes) / 2 ** 30);
    expect(plan.gpuMemoryUtilization).toBe(0.85);
    expect(plan.shmGiB).toBe(64);
  });

  it("BladeLLM keeps a replica on one node: a multi-GPU A10 instance, never pipeline stages across nodes", () => {
    const plan = planDeployment(request("qwen2.5-7b-instruct", "A10", { engine: "bladellm", maxModelLen: 8192 }));
    expect(plan).toMatchObject({ nodes: 1, gpus: 2, instanceType: "ecs.gn7i-c32g1.16xlarge" });
    const error = errorOf(() => planDeployment(request("qwen2.5-7b-instruct", "ecs.gn7i-c8g1.2xlarge", { engine: "bladellm", maxModelLen: 8192 })));
    expect(error.field).toBe("model");
    expect(error.reason).toContain("the smallest the model allows: BladeLLM needs 1.7 × the 14.19 GiB model footprint in GPU memory; 1 × A10 has 22.5 GiB");
  });

  it("Horovod holds the whole model on each GPU and refuses model parallelism", () => {
    const plan = planDeployment(request("bloom-7b1", "A10", { engine: "horovod" }));
    expect(plan).toMatchObject({ tensorParallel: 1, pipelineParallel: 1, gpus: 1 });
    expect(plan.model.maxModelLen).toBe(2048);
    expect(plan.warnings).toContainEqual(expect.stringContaining("states no context length"));
    expect(errorOf(() => planDeployment(request("bloom-7b1", "A10", { engine: "horovod", tensorParallel: 2 }))).field).toBe("tensorParallel");
    const tooBig = errorOf(() => planDeployment(request("qwen2.5-72b-instruct", "A10", { engine: "horovod", maxModelLen: 4096 })));
    expect(tooBig.field).toBe("model");
    expect(tooBig.reason).toContain("whole model on one GPU");
  });
});
