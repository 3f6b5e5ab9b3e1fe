import { describe, expect, it } from "vitest";
import { engineDefinition } from "../../src/engines/index.js";
import { vllmEngineArgs } from "../../src/engines/vllm/command.js";
import { errorsOf } from "../../src/errors/index.js";
import { flagValue, parseSpec, specInput } from "../workload/fixtures.js";

const behindPrecise = { route: "qwen", subsets: ["v1"], publishKvEvents: true };
const behindApproximate = { route: "qwen", subsets: ["v1"] };

describe("vLLM behind a prefixCacheRouting: precise route", () => {
  it("publishes KV-cache events over ZMQ on 5557 under its own pod's topic, in 64-token blocks", () => {
    const spec = parseSpec(specInput({ route: behindPrecise, servedModelName: "qwen-chat" }));
    const args = vllmEngineArgs(spec);
    expect(JSON.parse(flagValue(args, "--kv-events-config") ?? "{}")).toEqual({ enable_kv_cache_events: true, publisher: "zmq", endpoint: "tcp://*:5557", topic: "kv@$(VLLM_HOST_IP):8000@qwen-chat" });
    expect(flagValue(args, "--block-size")).toBe("64");
    expect(engineDefinition("vllm").workload.environment(spec, "single")).toContainEqual({ name: "PYTHONHASHSEED", value: "42" });
  });

  it("adds nothing to a deployment behind an approximate route or no route", () => {
    for (const route of [behindApproximate, undefined]) {
      const spec = parseSpec(specInput({ route }));
      const args = vllmEngineArgs(spec);
      expect(args).not.toContain("--kv-events-config");
      expect(args).not.toContain("--block-size");
      expect(engineDefinition("vllm").workload.environment(spec, "single").map((env) => env.name)).toEqual(["VLLM_HOST_IP"]);
    }
  });

  it("refuses extraArgs that would set the block size or the events config a second time, and only behind a precise route", () => {
    let problems: unknown;
    try {
      parseSpec(specInput({ route: behindPrecise, extraArgs: ["--block-size=32"] }));
    } catch (error) {
      problems = error;
    }
    const [problem] = errorsOf(problems);
    expect(problem?.field).toBe("extraArgs");
    expect(problem?.value).toBe("--block-size=32");
    expect(problem?.reason).toMatch(/prefixCacheRouting: precise, which sets --kv-events-config and --block-size to match its picker/);
    expect(problem?.fix).toBe("remove --block-size=32 from extraArgs");
    expect(parseSpec(specInput({ route: behindApproximate, extraArgs: ["--block-size", "32"] })).extraArgs).toEqual(["--block-size", "32"]);
  });
});
