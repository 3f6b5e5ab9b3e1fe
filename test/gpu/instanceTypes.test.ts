import { describe, expect, it } from "vitest";
import { GPU_MODELS, INSTANCE_TYPES, findInstanceType, gpuOf, instanceTypesFor } from "../../src/gpu/index.js";

describe("INSTANCE_TYPES", () => {
  it("lists every instance type of the reference table once, with the ecs. prefix", () => {
    expect(INSTANCE_TYPES).toHaveLength(28);
    const names = INSTANCE_TYPES.map((type) => type.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^ecs\.[a-z0-9]+(-[a-z0-9]+)?\.\d*xlarge$/);
  });

  it("names only GPUs that are in the GPU catalogue", () => {
    const known = new Set(GPU_MODELS.map((model) => model.name));
    for (const type of INSTANCE_TYPES) {
      expect(known.has(type.gpu)).toBe(true);
      expect(gpuOf(type)?.name).toBe(type.gpu);
    }
  });

  it("records ecs.gn7i-c8g1.2xlarge field by field", () => {
    expect(findInstanceType("ecs.gn7i-c8g1.2xlarge")).toEqual({
      name: "ecs.gn7i-c8g1.2xlarge",
      family: "gn7i",
      vcpu: 8,
      memoryGiB: 30,
      gpuCount: 1,
      gpu: "A10",
      networkGbps: 16,
      erdma: false,
    });
  });

  it("records ecs.gn8is-2x.8xlarge field by field", () => {
    expect(findInstanceType("ecs.gn8is-2x.8xlarge")).toEqual({
      name: "ecs.gn8is-2x.8xlarge",
      family: "gn8is",
      vcpu: 32,
      memoryGiB: 256,
      gpuCount: 2,
      gpu: "L20",
      networkGbps: 32,
      erdma: true,
    });
  });

  it("records ecs.gn6v-c8g1.2xlarge with no published network bandwidth", () => {
    expect(findInstanceType("ecs.gn6v-c8g1.2xlarge")).toEqual({
      name: "ecs.gn6v-c8g1.2xlarge",
      family: "gn6v",
      vcpu: 8,
      memoryGiB: 32,
      gpuCount: 1,
      gpu: "V100-16G",
      networkGbps: null,
      erdma: false,
    });
  });

  it("records the bare-metal eight-GPU types with vCPU and memory from the help page", () => {
    expect(findInstanceType("ecs.ebmgn8v.48xlarge")).toMatchObject({ family: "ebmgn8v", vcpu: 192, memoryGiB: 1024, gpuCount: 8, gpu: "H20", networkGbps: 170, erdma: true });
    expect(findInstanceType("ecs.ebmgn8is.32xlarge")).toMatchObject({ family: "ebmgn8is", vcpu: 128, memoryGiB: 1024, gpuCount: 8, gpu: "L20", networkGbps: 160, erdma: true });
    expect(findInstanceType("ecs.ebmgn7e.32xlarge")).toMatchObject({ family: "ebmgn7e", vcpu: 128, memoryGiB: 1024, gpuCount: 8, gpu: "A100-80G", erdma: false });
  });

  it("supports eRDMA exactly on the gn8is, gn8v, ebmgn8is and ebmgn8v families", () => {
    const erdmaFamilies = new Set(INSTANCE_TYPES.filter((type) => type.erdma).map((type) => type.family));
    expect([...erdmaFamilies].sort()).toEqual(["ebmgn8is", "ebmgn8v", "gn8is", "gn8v"]);
    for (const family of ["gn6i", "gn6v", "gn6e", "gn7i", "gn7", "gn7e", "ebmgn7e"]) {
      expect(INSTANCE_TYPES.filter((type) => type.family === family).every((type) => !type.erdma)).toBe(true);
    }
  });
});

describe("findInstanceType", () => {
  it("accepts the name with or without ecs., in any case", () => {
    const expected = findInstanceType("ecs.gn7e-c16g1.4xlarge");
    expect(expected?.gpu).toBe("A100-80G");
    expect(findInstanceType("gn7e-c16g1.4xlarge")).toBe(expected);
    expect(findInstanceType("ECS.GN7E-C16G1.4XLARGE")).toBe(expected);
    expect(findInstanceType("  Gn7e-C16g1.4xlarge ")).toBe(expected);
  });

  it("returns undefined for unknown instance types", () => {
    expect(findInstanceType("ecs.g7.large")).toBeUndefined();
    expect(findInstanceType("")).toBeUndefined();
    expect(findInstanceType("ecs.")).toBeUndefined();
  });
});

describe("instanceTypesFor", () => {
  it("lists the A10 instance types by GPU count, then host memory", () => {
    expect(instanceTypesFor("a10").map((type) => type.name)).toEqual([
      "ecs.gn7i-c8g1.2xlarge",
      "ecs.gn7i-c16g1.4xlarge",
      "ecs.gn7i-c32g1.16xlarge",
      "ecs.gn7i-4x.16xlarge",
      "ecs.gn7i-c32g1.32xlarge",
      "ecs.gn7i-8x.32xlarge",
    ]);
  });

  it("accepts any GPU spelling, including the ACK label", () => {
    expect(instanceTypesFor("NVIDIA-A100-SXM4-80GB").map((type) => type.name)).toEqual([
      "ecs.gn7e-c16g1.4xlarge",
      "ecs.gn7e-c16g1.16xlarge",
      "ecs.gn7e-c16g1.32xlarge",
      "ecs.ebmgn7e.32xlarge",
    ]);
  });

  it("is empty for unknown or ambiguous GPU names", () => {
    expect(instanceTypesFor("B200")).toEqual([]);
    expect(instanceTypesFor("A100")).toEqual([]);
  });

  it("covers every GPU model with at least one instance type", () => {
    for (const model of GPU_MODELS) expect(instanceTypesFor(model.name).length).toBeGreaterThan(0);
  });
});
