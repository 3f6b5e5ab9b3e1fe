import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LlmfleetError } from "../../src/errors/index.js";
import { GPU_MODELS, INSTANCE_TYPES, resolveGpu } from "../../src/gpu/index.js";
import { errorOf } from "../support/errors.js";

describe("resolveGpu with GPU names", () => {
  it.each([
    ["a10", "A10"],
    ["NVIDIA-A10", "A10"],
    ["nvidia a10", "A10"],
    ["A100-80GB", "A100-80G"],
    ["a100-80g", "A100-80G"],
    ["a100-40gb", "A100-40G"],
    ["v100-32gb", "V100-32G"],
    ["V100-16G", "V100-16G"],
    ["Tesla-V100-SXM2-16GB", "V100-16G"],
    ["h20", "H20"],
    ["L20", "L20"],
    ["t4", "T4"],
    ["Tesla-T4", "T4"],
    [" H20 ", "H20"],
  ])("resolves %j to %s with no instance type", (input, expected) => {
    const choice = resolveGpu(input);
    expect(choice.gpu.name).toBe(expected);
    expect(choice.instanceType).toBeNull();
  });

  it("accepts every canonical name, alias and ACK label in upper and lower case", () => {
    for (const model of GPU_MODELS) {
      for (const spelling of [model.name, model.ackLabel, ...model.aliases]) {
        expect(resolveGpu(spelling.toUpperCase()).gpu).toBe(model);
        expect(resolveGpu(spelling.toLowerCase()).gpu).toBe(model);
      }
    }
  });
});

describe("resolveGpu with instance types", () => {
  it("resolves an instance type with and without ecs. to its GPU and the instance type", () => {
    const withPrefix = resolveGpu("ecs.gn8is-4x.16xlarge");
    const withoutPrefix = resolveGpu("GN8IS-4X.16XLARGE");
    expect(withPrefix.gpu.name).toBe("L20");
    expect(withPrefix.instanceType?.name).toBe("ecs.gn8is-4x.16xlarge");
    expect(withPrefix.instanceType?.gpuCount).toBe(4);
    expect(withoutPrefix).toEqual(withPrefix);
  });

  it("resolves every catalogue instance type to the GPU it carries", () => {
    for (const type of INSTANCE_TYPES) {
      const choice = resolveGpu(type.name);
      expect(choice.instanceType).toBe(type);
      expect(choice.gpu.name).toBe(type.gpu);
    }
  });
});

describe("resolveGpu errors", () => {
  it("rejects a bare A100 and lists both memory sizes", () => {
    const error = errorOf(() => resolveGpu("A100", "models[0].gpu"));
    expect(error.field).toBe("models[0].gpu");
    expect(error.value).toBe("A100");
    expect(error.fix).toBe("use one of A100-40G, A100-80G");
    expect(error.message).toContain("models[0].gpu");
    expect(error.message).toContain('"A100"');
    expect(error.message).toContain("A100-40G, A100-80G");
  });

  it("rejects a bare v100 in any case and lists both memory sizes", () => {
    const error = errorOf(() => resolveGpu("v100"));
    expect(error.field).toBe("gpu");
    expect(error.fix).toBe("use one of V100-16G, V100-32G");
    expect(errorOf(() => resolveGpu("NVIDIA-V100")).fix).toBe("use one of V100-16G, V100-32G");
  });

  it("rejects an unknown name, listing the GPU names and an example instance type", () => {
    const error = errorOf(() => resolveGpu("H100", "--gpu"));
    expect(error.field).toBe("--gpu");
    expect(error.value).toBe("H100");
    expect(error.message).toContain('--gpu = "H100"');
    for (const model of GPU_MODELS) expect(error.fix).toContain(model.name);
    expect(error.fix).toContain("ecs.gn7i-c8g1.2xlarge");
  });

  it("rejects unknown instance types and the empty string", () => {
    expect(errorOf(() => resolveGpu("ecs.g7.large")).value).toBe("ecs.g7.large");
    expect(errorOf(() => resolveGpu("")).field).toBe("gpu");
  });

  it("either resolves or throws LlmfleetError for any string", () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        try {
          const choice = resolveGpu(input);
          expect(GPU_MODELS).toContain(choice.gpu);
        } catch (error) {
          expect(error).toBeInstanceOf(LlmfleetError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("resolves every known spelling in random letter case", () => {
    const spellings = [...GPU_MODELS.flatMap((model) => [model.name, model.ackLabel, ...model.aliases]), ...INSTANCE_TYPES.map((type) => type.name)];
    fc.assert(
      fc.property(fc.constantFrom(...spellings), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (spelling, upper) => {
        const mixed = [...spelling].map((char, index) => (upper[index] === true ? char.toUpperCase() : char.toLowerCase())).join("");
        expect(() => resolveGpu(mixed)).not.toThrow();
      }),
    );
  });
});
