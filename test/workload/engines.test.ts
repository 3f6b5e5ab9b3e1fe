import { describe, expect, it } from "vitest";
import { buildInferenceWorkload } from "../../src/workload/index.js";
import { at, flagValue, modes, parseSpec, podContainers, specInput } from "./fixtures.js";

function containersOf(mode: string, apiKeySecretName: string | null = "qwen-api-key") {
  const spec = modes[mode]?.();
  if (spec === undefined) throw new Error(`no fixture for ${mode}`);
  return podContainers(buildInferenceWorkload(spec, apiKeySecretName));
}

function commandLine(container: Record<string, unknown>): string[] {
  return [...(container["command"] as string[]), ...(container["args"] as string[])];
}


describe("vLLM on one node", () => {
  const [single] = containersOf("vLLM single node");
  const words = commandLine(single?.container ?? {});

  it("runs vllm serve on the mounted checkpoint with the plan's sizes", () => {
    expect(words.slice(0, 3)).toEqual(["vllm", "serve", "/models/Qwen2.5-7B-Instruct"]);
    expect(flagValue(words, "--tensor-parallel-size")).toBe("1");
    expect(flagValue(words, "--pipeline-parallel-size")).toBe("1");
    expect(flagValue(words, "--max-model-len")).toBe("32768");
    expect(flagValue(words, "--gpu-memory-utilization")).toBe("0.9");
    expect(flagValue(words, "--dtype")).toBe("bfloat16");
    expect(flagValue(words, "--max-num-batched-tokens")).toBe("8192");
    expect(flagValue(words, "--served-model-name")).toBe("qwen2.5-7b-instruct");
    expect(flagValue(words, "--shutdown-timeout")).toBe("60");
    expect(words).toContain("--enable-prefix-caching");
    expect(words).not.toContain("--trust-remote-code");
  });

  it("reads the API key from the Secret through VLLM_API_KEY, never from the command line", () => {
    expect(words.join(" ")).not.toMatch(/api-key|API_KEY/);
    expect(single?.container["env"]).toContainEqual({ name: "VLLM_API_KEY", valueFrom: { secretKeyRef: { name: "qwen-api-key", key: "api-key" } } });
  });

  it("turns typed engine options into flags", () => {
    const spec = parseSpec(
      specInput({
        prefixCaching: false,
        speculative: { draftModel: "Qwen2.5-0.5B-Instruct", numSpeculativeTokens: 4 },
        servedModelName: "chat",
        shutdownTimeoutSeconds: 120,
        extraArgs: ["--max-num-seqs=64"],
        trustRemoteCode: true,
      }),
    );
    const [pod] = podContainers(buildInferenceWorkload(spec, "k"));
    const flags = commandLine(pod?.container ?? {});
    expect(flags).toContain("--no-enable-prefix-caching");
    expect(flagValue(flags, "--speculative-config")).toBe('{"model":"/models/Qwen2.5-0.5B-Instruct","num_speculative_tokens":4}');
    expect(flagValue(flags, "--served-model-name")).toBe("chat");
    expect(flagValue(flags, "--shutdown-timeout")).toBe("120");
    expect(flags).toContain("--trust-remote-code");
    expect(flags.at(-1)).toBe("--max-num-seqs=64");
  });
});

describe("vLLM across nodes with the multiprocessing executor", () => {
  const containers = containersOf("vLLM multi-node (multiprocessing)");
  const leader = commandLine(containers.find((c) => c.role === "leader")?.container ?? {});
  const worker = commandLine(containers.find((c) => c.role === "worker")?.container ?? {});

  it("gives the leader rank 0 and the LeaderWorkerSet leader address", () => {
    expect(flagValue(leader, "--nnodes")).toBe("2");
    expect(flagValue(leader, "--node-rank")).toBe("0");
    expect(flagValue(leader, "--master-addr")).toBe("$(LWS_LEADER_ADDRESS)");
    expect(flagValue(leader, "--distributed-executor-backend")).toBe("mp");
    expect(leader).not.toContain("--headless");
  });

  it("runs workers headless with their LWS index as node rank", () => {
    expect(flagValue(worker, "--node-rank")).toBe("$(LWS_WORKER_INDEX)");
    expect(flagValue(worker, "--master-addr")).toBe("$(LWS_LEADER_ADDRESS)");
    expect(worker).toContain("--headless");
  });

  it("carries the plan's TP × PP, fp8 weights and fp8 KV cache", () => {
    expect(flagValue(leader, "--tensor-parallel-size")).toBe("8");
    expect(flagValue(leader, "--pipeline-parallel-size")).toBe("2");
    expect(flagValue(leader, "--quantization")).toBe("fp8");
    expect(flagValue(leader, "--kv-cache-dtype")).toBe("fp8");
    expect(flagValue(leader, "--dtype")).toBe("auto");
  });
});

describe("vLLM across nodes with Ray", () => {
  const containers = containersOf("vLLM multi-node (Ray)");
  const leader = containers.find((c) => c.role === "leader")?.container ?? {};
  const worker = containers.find((c) => c.role === "worker")?.container ?? {};

  it("starts a Ray head, waits for the group, then serves with the Ray executor", () => {
    const script = String((leader["args"] as string[])[0]);
    expect(leader["command"]).toEqual(["/bin/sh", "-c"]);
    expect(script).toMatch(/^set -e\nray start --head --port=6379/);
    expect(script).toContain("LWS_GROUP_SIZE");
    expect(script).toMatch(/exec vllm serve .* --distributed-executor-backend ray$/);
  });

  it("joins workers to the leader's Ray cluster", () => {
    expect((worker["args"] as string[])[0]).toMatch(/^exec ray start --block --address="\$LWS_LEADER_ADDRESS:6379"/);
  });
});

describe("BladeLLM", () => {
  const [pod] = containersOf("BladeLLM");
  const words = commandLine(pod?.container ?? {});

  it("uses blade_llm_server's own flag names and port 8081", () => {
    expect(words[0]).toBe("blade_llm_server");
    expect(flagValue(words, "--port")).toBe("8081");
    expect(flagValue(words, "--tensor_parallel_size")).toBe("2");
    expect(flagValue(words, "--max_gpu_memory_utilization")).toBe("0.85");
    expect(flagValue(words, "--ragged_flash_max_batch_tokens")).toBe("2048");
    expect(pod?.container["ports"]).toEqual([{ name: "http", containerPort: 8081, protocol: "TCP" }]);
  });

  it("spells speculative decoding as sps with gamma and a draft model", () => {
    const spec = modes["BladeLLM"]?.();
    if (spec === undefined) throw new Error("fixture missing");
    const speculative = { ...spec, speculative: { draftModel: "Qwen2.5-0.5B-Instruct", numSpeculativeTokens: 5 } };
    const flags = commandLine(podContainers(buildInferenceWorkload(speculative, null))[0]?.container ?? {});
    expect(flagValue(flags, "--decode_algo")).toBe("sps");
    expect(flagValue(flags, "--gamma")).toBe("5");
    expect(flagValue(flags, "--draft.model")).toBe("/models/Qwen2.5-0.5B-Instruct");
  });

  it("gets 64 GiB of /dev/shm for multi-GPU serving", () => {
    expect(pod?.pod["volumes"]).toContainEqual({ name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "65536Mi" } });
  });
});

describe("Horovod MPIJob", () => {
  const containers = containersOf("Horovod MPIJob");
  const launcher = commandLine(containers.find((c) => c.role === "leader")?.container ?? {});
  const worker = containers.find((c) => c.role === "worker");

  it("launches one rank per GPU slot with NCCL settings exported through mpirun -x", () => {
    expect(launcher.slice(0, 4)).toEqual(["mpirun", "--allow-run-as-root", "-np", "8"]);
    const exported = launcher.flatMap((word, index) => (word === "-x" ? [launcher[index + 1]] : []));
    expect(exported).toEqual(expect.arrayContaining(["NCCL_SOCKET_IFNAME", "GLOO_SOCKET_IFNAME", "NCCL_DEBUG", "HOROVOD_GPU_ALLREDUCE=NCCL", "LLMFLEET_MODEL_PATH"]));
    expect(launcher.slice(-4)).toEqual(["python", "/app/batch_infer.py", "--input", "/data/prompts.jsonl"]);
  });

  it("runs sshd on the unprivileged port 2222 and points mpirun's ssh at it, keeping mpi-operator's retry option", () => {
    expect(worker?.container["args"]).toEqual(["-De", "-p", "2222"]);
    expect(at(worker?.container, "readinessProbe", "tcpSocket", "port")).toBe(2222);
    const mca = launcher.indexOf("plm_rsh_args");
    expect(launcher[mca - 1]).toBe("--mca");
    expect(launcher[mca + 1]).toBe("-p 2222 -o ConnectionAttempts=10");
    expect(JSON.stringify(worker?.container["securityContext"])).not.toContain("NET_BIND_SERVICE");
  });

  it("runs sshd on GPU workers and keeps the launcher off the GPU pool", () => {
    expect(worker?.container["command"]).toEqual(["/usr/sbin/sshd"]);
    expect(at(worker?.container, "resources", "limits", "nvidia.com/gpu")).toBe("4");
    const launcherPod = containers.find((c) => c.role === "leader");
    expect(launcherPod?.pod["nodeSelector"]).toBeUndefined();
    expect(at(launcherPod?.container, "resources", "limits", "nvidia.com/gpu")).toBeUndefined();
  });
});

