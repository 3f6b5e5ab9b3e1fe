import { describe, expect, it } from "vitest";
import { resolveInferenceDeployment, type InferenceDeploymentInput } from "../../src/deployment/index.js";
import { errorsOf, LlmfleetError } from "../../src/errors/index.js";
import { a10Pool, h20Pool, parseSpec, plan, specInput, t4Pool } from "./fixtures.js";

/** The fields named by the error(s) a deployment raises. */
function failingFields(input: InferenceDeploymentInput, root = ""): string[] {
  try {
    resolveInferenceDeployment("qwen", input, root);
  } catch (error) {
    const errors = errorsOf(error);
    if (errors.length === 0) throw error;
    return errors.map((e) => e.field);
  }
  return [];
}

function failure(run: () => unknown): LlmfleetError {
  try {
    run();
  } catch (error) {
    if (error instanceof LlmfleetError) return error;
    throw error;
  }
  throw new Error("expected an llmfleet error");
}

/** Component-style input without a plan: the deployment plans itself on its placement. */
function unplanned(overrides: Partial<InferenceDeploymentInput>): InferenceDeploymentInput {
  const { plan: _plan, ...input } = specInput(overrides);
  return { ...input, ...overrides };
}

describe("deployment validation names the field", () => {
  it.each<[string, Partial<InferenceDeploymentInput>, string]>([
    ["an image pinned to latest", { image: { repository: "vllm/vllm-openai", tag: "latest" } }, "image.tag"],
    ["an unpinned image", { image: { repository: "vllm/vllm-openai" } }, "image.tag"],
    ["an unpinned image reference", { image: "vllm/vllm-openai" }, "image"],
    ["a name that is not a DNS label", { name: "Qwen_7B" }, "name"],
    ["a scale-down window under 300 s", { autoscaling: { minReplicas: 1, maxReplicas: 2, scaleDownStabilizationSeconds: 60 } }, "autoscaling.scaleDownStabilizationSeconds"],
    ["maxReplicas below minReplicas", { replicas: 3, autoscaling: { minReplicas: 3, maxReplicas: 2 } }, "autoscaling.maxReplicas"],
    ["replicas outside the autoscaling bounds", { replicas: 1, autoscaling: { minReplicas: 2, maxReplicas: 4 } }, "replicas"],
    ["an unknown option", { tensorParallelSize: 2 } as Partial<InferenceDeploymentInput>, "tensorParallelSize"],
    ["a plan for another GPU", { placement: t4Pool }, "placement.gpu"],
    ["pods larger than the pool's nodes", { plan: plan({ gpus: 2, tensorParallel: 2, gpusPerNode: 2 }) }, "placement.gpusPerNode"],
    ["BladeLLM without an image", { engine: "bladellm", plan: plan({ engine: "bladellm" }) }, "image"],
    ["autoscaling a batch job", { engine: "horovod", plan: plan({ engine: "horovod" }), batchJob: { command: ["python", "x.py"] }, autoscaling: { minReplicas: 1, maxReplicas: 2 } }, "autoscaling"],
    ["Horovod's shipped batch script without an output location", { engine: "horovod", plan: plan({ engine: "horovod" }) }, "batchJob.output"],
    ["a batch program of its own for vLLM's batch mode", { batchJob: { command: ["python", "x.py"] } }, "batchJob.command"],
    ["a model folder outside the storage", { modelPath: "../etc" }, "modelPath"],
    ["a model volume over /dev/shm", { volume: { claimName: "models", mountPath: "/dev/shm/models", readThroughputMiBps: 100, serviceAccountName: null } }, "volume.mountPath"],
  ])("refuses %s", (_, overrides, field) => {
    expect(failingFields(specInput(overrides))).toContain(field);
  });

  it("refuses Ray with a vLLM image that no longer ships it", () => {
    const input = specInput({ plan: plan({ gpu: { name: "H20", memoryGiB: 95 }, gpusPerNode: 8, nodes: 2, tensorParallel: 8, pipelineParallel: 2, gpus: 16 }), placement: h20Pool, image: { repository: "vllm/vllm-openai", tag: "v0.19.1" }, executor: "ray" });
    expect(failingFields(input)).toEqual(["executor"]);
  });

  it("names the argument path under the component's root", () => {
    expect(() => resolveInferenceDeployment("qwen", specInput({ replicas: 0 }))).toThrow(/^args\.replicas = 0/);
  });

  it("reports every problem of the arguments at once", () => {
    expect(failingFields(specInput({ name: "Bad_Name", replicas: 0, image: { repository: "x" } }))).toEqual(expect.arrayContaining(["name", "replicas", "image.tag"]));
  });
});

describe("old spellings keep working and errors name what was written", () => {
  it("accepts engineOptions and deploymentName, warning with the new keys", () => {
    const { spec, warnings } = resolveInferenceDeployment("qwen", specInput({ name: undefined, deploymentName: "legacy", engineOptions: { maxModelLen: 8192, prefixCaching: false } }));
    expect(spec.name).toBe("legacy");
    expect(spec.prefixCaching).toBe(false);
    expect(spec.maxModelLen).toBe(8192);
    expect(warnings).toEqual([
      "args.deploymentName is deprecated: write args.name instead (the old spelling still works)",
      "args.engineOptions.maxModelLen is deprecated: write args.maxModelLen instead (the old spelling still works)",
      "args.engineOptions.prefixCaching is deprecated: write args.prefixCaching instead (the old spelling still works)",
    ]);
  });

  it("names engineOptions.extraArgs[0] when that is where the bad flag was written", () => {
    expect(failingFields(specInput({ engineOptions: { extraArgs: ["--tensor-parallel-size", "2"] } }), "args")).toEqual(["args.engineOptions.extraArgs[0]"]);
  });

  it("refuses a value given under both spellings", () => {
    expect(failingFields(specInput({ maxModelLen: 4096, engineOptions: { maxModelLen: 8192 } }), "args")).toEqual(["args.engineOptions.maxModelLen"]);
  });

  it("takes the model folder from a deprecated volume.subPath, with a warning", () => {
    const { spec, warnings } = resolveInferenceDeployment("qwen", specInput({ volume: { claimName: "models", mountPath: "/models", subPath: "custom/qwen", readThroughputMiBps: 400, serviceAccountName: null } }));
    expect(spec.modelPath).toBe("custom/qwen");
    expect(warnings).toEqual(["args.volume.subPath is deprecated: write args.modelPath instead (the old spelling still works)"]);
  });
});

describe("no secret literals", () => {
  it("refuses an API key flag in extraArgs without echoing it", () => {
    const error = failure(() => parseSpec(specInput({ extraArgs: ["--api-key=sk-live-0123456789abcdefghij"] })));
    expect(error.field).toBe("extraArgs[0]");
    expect(error.message).not.toContain("sk-live");
  });

  it("refuses a token given as a literal environment value, and accepts it from a Secret", () => {
    expect(failingFields(specInput({ extraEnv: [{ name: "HF_TOKEN", value: "hf_abcdefghijklmnopqrstuv" }] }))).toEqual(["extraEnv[0].value"]);
    expect(failingFields(specInput({ extraEnv: [{ name: "HF_TOKEN", secretKeyRef: { name: "hf", key: "token" } }] }))).toEqual([]);
  });

  it("accepts settings whose names merely contain a secret word (TOKENIZERS_PARALLELISM)", () => {
    expect(failingFields(specInput({ extraEnv: [{ name: "TOKENIZERS_PARALLELISM", value: "false" }] }))).toEqual([]);
  });

  it("refuses flags llmfleet sets from the plan", () => {
    expect(failingFields(specInput({ extraArgs: ["--tensor-parallel-size", "2"] }))).toEqual(["extraArgs[0]"]);
  });
});

describe("a component on its own plans itself", () => {
  it("proposes parallelism when none is given", () => {
    const { spec } = resolveInferenceDeployment("llama", unplanned({ model: "llama-3.1-70b-instruct", placement: { ...h20Pool, instanceType: "ecs.gn8is-8x.32xlarge", gpu: "L20" } }));
    expect(spec.plan.gpus).toBeGreaterThan(1);
    expect(spec.plan.instanceType).toBe("ecs.gn8is-8x.32xlarge");
  });

  it("names args.tensorParallel when an explicit degree cannot work", () => {
    expect(failure(() => resolveInferenceDeployment("qwen", unplanned({ tensorParallel: 3, placement: a10Pool }))).field).toBe("args.tensorParallel");
  });

  it("names the placement's instance type when it is not a GPU instance", () => {
    expect(failure(() => resolveInferenceDeployment("qwen", unplanned({ placement: { ...a10Pool, instanceType: "ecs.g7.large" } }))).field).toBe("args.placement.instanceType");
  });

  it("refuses BladeLLM for a model outside Qwen and Llama", () => {
    const error = failure(() => resolveInferenceDeployment("m", unplanned({ model: "mistral-7b-instruct", engine: "bladellm", image: "pai/bladellm:1.0", placement: a10Pool })));
    expect(error.field).toBe("args.engine");
    expect(error.reason).toMatch(/Qwen and Llama/);
  });

  it("refuses BladeLLM on T4", () => {
    const error = failure(() => resolveInferenceDeployment("q", unplanned({ model: "qwen2.5-0.5b-instruct", engine: "bladellm", image: "pai/bladellm:1.0", placement: t4Pool })));
    expect(error.field).toBe("args.engine");
    expect(error.reason).toMatch(/T4/);
  });

  it("names the old engineOptions.maxModelLen behind a planning error when that is what was written", () => {
    expect(failure(() => resolveInferenceDeployment("qwen", unplanned({ engineOptions: { maxModelLen: 10_000_000 } }))).field).toBe("args.engineOptions.maxModelLen");
  });
});
