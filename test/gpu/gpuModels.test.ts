import { describe, expect, it } from "vitest";
import { GPU_MODELS, findGpu } from "../../src/gpu/index.js";

describe("GPU_MODELS", () => {
  it("holds the eight supported models under their canonical names", () => {
    expect(GPU_MODELS.map((model) => model.name)).toEqual(["T4", "V100-16G", "A10", "V100-32G", "A100-40G", "L20", "A100-80G", "H20"]);
  });

  it("records the A10 field by field", () => {
    expect(findGpu("A10")).toEqual({
      name: "A10",
      aliases: ["nvidia-a10", "a10-24g", "a10-24gb"],
      memoryGB: 24,
      usableGiB: 22.5,
      bandwidthGBps: 600,
      computeCapability: 8.6,
      bf16: true,
      fp8: false,
      tensorTflops: 125,
      nvlink: false,
      ackLabel: "NVIDIA-A10",
    });
  });

  it("records the H20 as the 96 GB HBM3 NVLink GPU with FP8", () => {
    expect(findGpu("H20")).toMatchObject({ memoryGB: 96, bandwidthGBps: 4022, computeCapability: 9.0, fp8: true, nvlink: true, ackLabel: "NVIDIA-H20" });
  });

  it("reports usable memory below memory as sold: 22.5 GiB for an A10, 79.2 GiB for an 80 GB card", () => {
    expect(findGpu("A10")?.usableGiB).toBe(22.5);
    expect(findGpu("A100-80G")?.usableGiB).toBe(79.2);
    expect(findGpu("A100-40G")?.usableGiB).toBe(39.6);
    expect(findGpu("L20")?.usableGiB).toBe(45);
    expect(findGpu("T4")?.usableGiB).toBe(15);
    for (const model of GPU_MODELS) {
      expect(model.usableGiB).toBeLessThan(model.memoryGB);
      expect(model.usableGiB).toBeGreaterThan(model.memoryGB * 0.9);
    }
  });

  it("derives bf16 from compute capability ≥ 8.0 and fp8 from ≥ 8.9", () => {
    const bf16 = GPU_MODELS.filter((model) => model.bf16).map((model) => model.name);
    const fp8 = GPU_MODELS.filter((model) => model.fp8).map((model) => model.name);
    expect(bf16).toEqual(["A10", "A100-40G", "L20", "A100-80G", "H20"]);
    expect(fp8).toEqual(["L20", "H20"]);
  });

  it("marks NVLink on V100 SXM2, A100 SXM and H20 only", () => {
    const nvlink = GPU_MODELS.filter((model) => model.nvlink).map((model) => model.name);
    expect(nvlink).toEqual(["V100-16G", "V100-32G", "A100-40G", "A100-80G", "H20"]);
  });

  it("uses ACK's aliyun.accelerator/nvidia_name values (nvidia-smi name, spaces as dashes)", () => {
    expect(Object.fromEntries(GPU_MODELS.map((model) => [model.name, model.ackLabel]))).toEqual({
      T4: "Tesla-T4",
      "V100-16G": "Tesla-V100-SXM2-16GB",
      "V100-32G": "Tesla-V100-SXM2-32GB",
      A10: "NVIDIA-A10",
      "A100-40G": "NVIDIA-A100-SXM4-40GB",
      "A100-80G": "NVIDIA-A100-SXM4-80GB",
      L20: "NVIDIA-L20",
      H20: "NVIDIA-H20",
    });
    for (const model of GPU_MODELS) expect(model.ackLabel).toMatch(/^[A-Za-z0-9-]+$/);
  });

  it("never gives two models the same spelling", () => {
    const spellings = GPU_MODELS.flatMap((model) => [model.name, ...model.aliases].map((s) => s.toLowerCase()));
    expect(new Set(spellings).size).toBe(spellings.length);
  });
});
