import { describe, expect, it } from "vitest";
import { LlmfleetError, LlmfleetErrors } from "../../src/errors/index.js";
import { parseInferenceDeploymentSpec, resolvePlan, type InferenceDeploymentSpecInput } from "../../src/workload/index.js";
import { a10Pool, h20Pool, plan, specInput, t4Pool } from "./fixtures.js";

/** The fields named by the error(s) a spec raises. */
function failingFields(input: InferenceDeploymentSpecInput): string[] {
  try {
    parseInferenceDeploymentSpec(input);
  } catch (error) {
    if (error instanceof LlmfleetError) return [error.field];
    if (error instanceof LlmfleetErrors) return error.errors.map((e) => e.field);
    throw error;
  }
  return [];
}

function planFailure(run: () => unknown): LlmfleetError {
  try {
    run();
  } catch (error) {
    if (error instanceof LlmfleetError) return error;
    throw error;
  }
  throw new Error("expected a planning error");
}

describe("spec validation names the field", () => {
  it.each<[string, Partial<InferenceDeploymentSpecInput>, string]>([
    ["an image pinned to latest", { image: { repository: "vllm/vllm-openai", tag: "latest" } }, "image.tag"],
    ["an unpinned image", { image: { repository: "vllm/vllm-openai" } }, "image.tag"],
    ["a name that is not a DNS label", { name: "Qwen_7B" }, "name"],
    ["a scale-down window under 300 s", { autoscaling: { minReplicas: 1, maxReplicas: 2, scaleDownStabilizationSeconds: 60 } }, "autoscaling.scaleDownStabilizationSeconds"],
    ["maxReplicas below minReplicas", { replicas: 3, autoscaling: { minReplicas: 3, maxReplicas: 2 } }, "autoscaling.maxReplicas"],
    ["replicas outside the autoscaling bounds", { replicas: 1, autoscaling: { minReplicas: 2, maxReplicas: 4 } }, "replicas"],
    ["an unknown engine option", { engineOptions: { tensorParallelSize: 2 } as InferenceDeploymentSpecInput["engineOptions"] }, "engineOptions.tensorParallelSize"],
    ["a plan for another engine", { engine: "bladellm", image: { repository: "pai/bladellm", tag: "1.0" } }, "plan.engine"],
    ["a plan for another GPU", { placement: t4Pool }, "placement.gpu"],
    ["pods larger than the pool's nodes", { plan: plan({ gpus: 2, tensorParallel: 2, gpusPerNode: 2 }) }, "placement.gpusPerNode"],
    ["a max length the plan did not use", { engineOptions: { maxModelLen: 8192 } }, "engineOptions.maxModelLen"],
    ["BladeLLM without an image", { engine: "bladellm", plan: plan({ engine: "bladellm" }) }, "image"],
    ["autoscaling a batch job", { engine: "horovod", plan: plan({ engine: "horovod" }), batchJob: { command: ["python", "x.py"] }, autoscaling: { minReplicas: 1, maxReplicas: 2 } }, "autoscaling"],
    ["Horovod without a batch program", { engine: "horovod", plan: plan({ engine: "horovod" }) }, "batchJob"],
    ["a model volume over /dev/shm", { volume: { claimName: "models", mountPath: "/dev/shm/models", subPath: "", readThroughputMiBps: 100, serviceAccountName: null } }, "volume.mountPath"],
  ])("refuses %s", (_, overrides, field) => {
    expect(failingFields(specInput(overrides))).toContain(field);
  });

  it("refuses Ray with a vLLM image that no longer ships it", () => {
    const input = specInput({ plan: plan({ gpu: { name: "H20", memoryGiB: 95 }, gpusPerNode: 8, nodes: 2, tensorParallel: 8, pipelineParallel: 2, gpus: 16 }), placement: h20Pool, image: { repository: "vllm/vllm-openai", tag: "v0.19.1" }, engineOptions: { executor: "ray" } });
    expect(failingFields(input)).toEqual(["engineOptions.executor"]);
  });

  it("prefixes fields with the root it is given", () => {
    expect(() => parseInferenceDeploymentSpec(specInput({ replicas: 0 }), "models[1]")).toThrow(/^models\[1\]\.replicas = 0/);
  });
});

describe("no secret literals", () => {
  it("refuses an API key flag in extraArgs without echoing it", () => {
    const error = (() => {
      try {
        parseInferenceDeploymentSpec(specInput({ engineOptions: { extraArgs: ["--api-key=sk-live-0123456789abcdefghij"] } }));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(LlmfleetError);
    expect((error as LlmfleetError).field).toBe("engineOptions.extraArgs[0]");
    expect((error as LlmfleetError).message).not.toContain("sk-live");
  });

  it("refuses a token given as a literal environment value, and accepts it from a Secret", () => {
    expect(failingFields(specInput({ engineOptions: { extraEnv: [{ name: "HF_TOKEN", value: "hf_abcdefghijklmnopqrstuv" }] } }))).toEqual(["engineOptions.extraEnv[0].value"]);
    expect(failingFields(specInput({ engineOptions: { extraEnv: [{ name: "HF_TOKEN", secretKeyRef: { name: "hf", key: "token" } }] } }))).toEqual([]);
  });

  it("refuses flags llmfleet sets from the plan", () => {
    expect(failingFields(specInput({ engineOptions: { extraArgs: ["--tensor-parallel-size", "2"] } }))).toEqual(["engineOptions.extraArgs[0]"]);
  });
});

describe("planning through the planner", () => {
  it("proposes parallelism when none is given", () => {
    const planned = resolvePlan({ model: "llama-3.1-70b-instruct", engine: "vllm", placement: { instanceType: "ecs.gn8is-8x.32xlarge" } });
    expect(planned.tensorParallel * planned.pipelineParallel).toBe(planned.gpus);
    expect(planned.gpus).toBeGreaterThan(1);
  });

  it("names tensorParallel when an explicit degree cannot work", () => {
    expect(planFailure(() => resolvePlan({ model: "qwen2.5-7b-instruct", engine: "vllm", placement: a10Pool, tensorParallel: 3 })).field).toBe("tensorParallel");
  });

  it("refuses BladeLLM for a model outside Qwen and Llama", () => {
    const error = planFailure(() => resolvePlan({ model: "mistral-7b-instruct", engine: "bladellm", placement: { instanceType: "ecs.gn7i-c16g1.4xlarge" } }));
    expect(error.field).toBe("engine");
    expect(error.reason).toMatch(/Qwen and Llama/);
  });

  it("refuses BladeLLM on T4", () => {
    const error = planFailure(() => resolvePlan({ model: "qwen2.5-0.5b-instruct", engine: "bladellm", placement: t4Pool }));
    expect(error.field).toBe("engine");
    expect(error.reason).toMatch(/T4/);
  });

  it("names the engine option behind a planning error", () => {
    expect(planFailure(() => resolvePlan({ model: "qwen2.5-7b-instruct", engine: "vllm", placement: a10Pool, engineOptions: { maxModelLen: 10_000_000 } })).field).toBe("engineOptions.maxModelLen");
  });
});
