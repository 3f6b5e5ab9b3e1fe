import { describe, expect, it } from "vitest";
import { engineDefinition } from "../../src/engines/index.js";
import { findGpu, resolveGpu } from "../../src/gpu/index.js";
import { resolveModel } from "../../src/model/index.js";
import { planDeployment } from "../../src/planner/index.js";
import { buildInferenceWorkload } from "../../src/workload/index.js";
import { at, h20Pool, multiNodePlan, parseSpec, plan, podContainers, specInput, flagValue } from "../workload/fixtures.js";

const sglang = engineDefinition("sglang");

function gpu(name: string) {
  const found = findGpu(name);
  if (found === undefined) throw new Error(`no ${name} in the catalogue`);
  return found;
}

function args(container: Record<string, unknown>): string[] {
  return [...(container["command"] as string[]), ...(container["args"] as string[])];
}


describe("SGLang's memory fraction, as server_args.py computes it when none is given", () => {
  // Worked by hand from v0.5.18 _handle_gpu_memory_settings: reserve 512 MiB + 1.5 MiB × max(chunk, 2048)
  // + 1024 MiB × TP×PP/8 + 2 MiB × captured batch size, at least 10 GiB on GPUs over 60 GiB.
  it.each([
    ["A10", 1, 2048, 0.837], // 23040 MiB − (512 + 3072 + 128 + 48) = 19280 → 0.8368
    ["L20", 4, 4096, 0.838], // 46080 − (512 + 6144 + 512 + 320) = 38592 → 0.8375
    ["H20", 8, 8192, 0.847], // 97321 − (512 + 12288 + 1024 + 1024) = 82473 → 0.8474
    ["H20", 1, 2048, 0.895], // 512 + 3072 + 128 + 512 = 4224, raised to the 10 GiB floor → 0.8948
  ] as const)("%s at TP %i with %i-token chunks: %f", (name, tensorParallel, maxBatchedTokens, fraction) => {
    expect(sglang.planning.defaultGpuMemoryUtilization({ gpu: gpu(name), tensorParallel, pipelineParallel: 1, maxBatchedTokens })).toBe(fraction);
  });

  it("chunks prefill by GPU memory: 2048 on an A10, 4096 on an L20, 8192 on an H20", () => {
    expect(["A10", "L20", "H20"].map((name) => sglang.planning.defaultMaxBatchedTokens(gpu(name)))).toEqual([2048, 4096, 8192]);
  });
});

describe("planning for SGLang", () => {
  it("gives the KV cache what the static pool leaves after the weights (activations live outside it)", () => {
    const planned = planDeployment({ model: resolveModel("qwen2.5-7b-instruct"), gpu: resolveGpu("A10"), engine: "sglang", dtype: "auto", kvCacheDtype: "auto", maxModelLen: 8192 });
    expect(planned.gpuMemoryUtilization).toBe(0.837);
    expect(planned.maxBatchedTokens).toBe(2048);
    expect(planned.perGpu.kvCacheGiB).toBeCloseTo(planned.perGpu.usableGiB - planned.perGpu.weightsGiB, 1);
  });

  it("refuses a fraction that leaves too little outside the static pool, saying so", () => {
    expect(() =>
      planDeployment({ model: resolveModel("qwen2.5-7b-instruct"), gpu: resolveGpu("A10"), engine: "sglang", dtype: "auto", kvCacheDtype: "auto", maxModelLen: 8192, gpuMemoryUtilization: 0.99, tensorParallel: 1 }),
    ).toThrow(/SGLang keeps 0\.23 GiB per A10 outside its static pool \(mem-fraction-static 0\.99\)/);
  });
});

describe("the SGLang command", () => {
  const single = parseSpec(specInput({ engine: "sglang", plan: plan({ engine: "sglang", gpuMemoryUtilization: 0.837, maxBatchedTokens: 2048 }), prefixCaching: false, extraArgs: ["--max-running-requests", "64"] }));

  it("serves one replica with the plan's flags, metrics on, the key from the Secret by reference", () => {
    const objects = buildInferenceWorkload(single, "qwen-api-key");
    const [pod] = podContainers(objects);
    const argv = args(pod?.container ?? {});
    expect(argv.slice(0, 3)).toEqual(["python3", "-m", "sglang.launch_server"]);
    expect(flagValue(argv, "--model-path")).toBe("/models/Qwen2.5-7B-Instruct");
    expect(flagValue(argv, "--host")).toBe("0.0.0.0");
    expect(flagValue(argv, "--port")).toBe("30000");
    expect(flagValue(argv, "--tp-size")).toBe("1");
    expect(flagValue(argv, "--context-length")).toBe("32768");
    expect(flagValue(argv, "--mem-fraction-static")).toBe("0.837");
    expect(flagValue(argv, "--chunked-prefill-size")).toBe("2048");
    expect(flagValue(argv, "--api-key")).toBe("$(SGLANG_API_KEY)");
    expect(argv).toContain("--enable-metrics");
    expect(argv).toContain("--disable-radix-cache");
    expect(argv.slice(-2)).toEqual(["--max-running-requests", "64"]);
    expect(pod?.container["env"]).toContainEqual({ name: "SGLANG_API_KEY", valueFrom: { secretKeyRef: { name: "qwen-api-key", key: "api-key" } } });
    expect(at(pod?.container, "readinessProbe", "httpGet")).toEqual({ path: "/health", port: "http" });
    const service = objects.find((object) => object.kind === "Service");
    expect(at(service, "spec", "ports")).toContainEqual(expect.objectContaining({ name: "http", port: 30000 }));
  });

  it("runs a multi-node group on a LeaderWorkerSet: ranks from LWS, the leader's address for the store, the key on the leader only", () => {
    const group = parseSpec(specInput({ name: "llama", model: "llama-3.1-405b-instruct", engine: "sglang", plan: { ...multiNodePlan, engine: "sglang" }, placement: h20Pool }));
    const objects = buildInferenceWorkload(group, "llama-api-key");
    expect(objects.map((object) => object.kind)).toContain("LeaderWorkerSet");
    const [leader, worker] = podContainers(objects);
    const leaderArgs = args(leader?.container ?? {});
    const workerArgs = args(worker?.container ?? {});
    expect([flagValue(leaderArgs, "--nnodes"), flagValue(leaderArgs, "--node-rank"), flagValue(leaderArgs, "--dist-init-addr")]).toEqual(["2", "0", "$(LWS_LEADER_ADDRESS):20000"]);
    expect([flagValue(workerArgs, "--node-rank"), flagValue(workerArgs, "--dist-init-addr")]).toEqual(["$(LWS_WORKER_INDEX)", "$(LWS_LEADER_ADDRESS):20000"]);
    expect(flagValue(leaderArgs, "--tp-size")).toBe("8");
    expect(flagValue(leaderArgs, "--pp-size")).toBe("2");
    expect(workerArgs).not.toContain("--api-key");
    expect(JSON.stringify(worker?.container["env"])).not.toContain("SGLANG_API_KEY");
    expect(worker?.container["readinessProbe"]).toBeUndefined();
  });

  it("refuses speculative decoding it cannot translate, and a served name with ':'", () => {
    expect(() => parseSpec(specInput({ engine: "sglang", plan: plan({ engine: "sglang" }), speculative: { draftModel: "Qwen2.5-0.5B-Instruct", numSpeculativeTokens: 4 } }))).toThrow(/^speculative = .*SGLang's speculative flags/);
    expect(() => parseSpec(specInput({ engine: "sglang", plan: plan({ engine: "sglang" }), servedModelName: "qwen:7b" }))).toThrow(/^servedModelName = "qwen:7b"/);
  });

  it("refuses repeating a flag llmfleet sets", () => {
    expect(() => parseSpec(specInput({ engine: "sglang", plan: plan({ engine: "sglang" }), extraArgs: ["--tp-size", "2"] }))).toThrow(/^extraArgs\[0\] = "--tp-size"/);
  });
});
