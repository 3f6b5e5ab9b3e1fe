import { describe, expect, it } from "vitest";
import { buildInferenceWorkload } from "../../src/workload/index.js";
import { a10Pool, at, modes, podContainers, specInput, parseSpec } from "./fixtures.js";

function build(mode: string) {
  const spec = modes[mode]?.();
  if (spec === undefined) throw new Error(`no fixture for ${mode}`);
  return buildInferenceWorkload(spec, "qwen-api-key");
}

describe.each(Object.keys(modes))("pods of %s", (mode) => {
  const pods = podContainers(build(mode));

  it("are hardened: no escalation, all capabilities dropped, RuntimeDefault seccomp, no token, no service links", () => {
    for (const { pod, container } of pods) {
      expect(container["securityContext"]).toMatchObject({ allowPrivilegeEscalation: false, privileged: false, capabilities: { drop: ["ALL"] }, seccompProfile: { type: "RuntimeDefault" } });
      expect(pod).toMatchObject({ automountServiceAccountToken: false, enableServiceLinks: false });
      expect(pod["serviceAccountName"]).toBe(mode.startsWith("vLLM multi") ? "llama" : "qwen");
    }
  });

  it("use a pinned image, never latest", () => {
    for (const { container } of pods) expect(String(container["image"])).toMatch(/^[^@]+(:(?!latest$)[\w.-]+|@sha256:[a-f0-9]{64})$/);
  });

  it("mount the model read-only and request GPUs equal to their limits", () => {
    for (const { pod, container } of pods.filter((p) => p.pod["nodeSelector"] !== undefined)) {
      expect(pod["volumes"]).toContainEqual({ name: "model", persistentVolumeClaim: { claimName: "models", readOnly: true } });
      expect(container["volumeMounts"]).toContainEqual({ name: "model", mountPath: "/models", readOnly: true });
      expect(at(container, "resources", "requests", "nvidia.com/gpu")).toBe(at(container, "resources", "limits", "nvidia.com/gpu"));
    }
  });

  it("tell NCCL and Gloo which interface to use", () => {
    for (const { container } of pods) {
      expect(container["env"]).toEqual(expect.arrayContaining([{ name: "NCCL_SOCKET_IFNAME", value: "eth0" }, { name: "GLOO_SOCKET_IFNAME", value: "eth0" }]));
    }
  });
});

describe("eRDMA", () => {
  it("is requested, with NCCL_IB_* and IPC_LOCK, only by multi-node pods on an eRDMA pool", () => {
    const [leader] = podContainers(build("vLLM multi-node (multiprocessing)"));
    expect(at(leader?.container, "resources", "limits", "aliyun/erdma")).toBe("1");
    expect(leader?.container["env"]).toContainEqual({ name: "NCCL_IB_HCA", value: "erdma" });
    expect(at(leader?.container, "securityContext", "capabilities", "add")).toEqual(["IPC_LOCK"]);
  });

  it("sets the NCCL values of ACK's eRDMA example: every erdma_N device, GID index 1, GPUDirect across the node", () => {
    const [leader] = podContainers(build("vLLM multi-node (multiprocessing)"));
    const env = leader?.container["env"];
    expect(env).toContainEqual({ name: "NCCL_SOCKET_IFNAME", value: "eth0" });
    expect(env).toContainEqual({ name: "NCCL_IB_GID_INDEX", value: "1" });
    expect(env).toContainEqual({ name: "NCCL_NET_GDR_LEVEL", value: "SYS" });
    expect(env).toContainEqual({ name: "NCCL_IB_DISABLE", value: "0" });
  });

  it("is absent on a pool without eRDMA", () => {
    const [single] = podContainers(build("vLLM single node"));
    const env = JSON.stringify(single?.container["env"]);
    expect(env).not.toContain("NCCL_IB_");
    expect(at(single?.container, "resources", "limits", "aliyun/erdma")).toBeUndefined();
    expect(at(single?.container, "securityContext", "capabilities", "add")).toBeUndefined();
  });
});

describe("probes", () => {
  it("probe only the leader of a multi-node group, with distinct readiness and liveness", () => {
    const pods = podContainers(build("vLLM multi-node (multiprocessing)"));
    const leader = pods.find((p) => p.role === "leader")?.container ?? {};
    const worker = pods.find((p) => p.role === "worker")?.container ?? {};
    expect(leader["startupProbe"]).toMatchObject({ httpGet: { path: "/health", port: "http" }, periodSeconds: 10 });
    expect(leader["readinessProbe"]).not.toEqual(leader["livenessProbe"]);
    expect(worker["startupProbe"] ?? worker["readinessProbe"] ?? worker["livenessProbe"]).toBeUndefined();
  });

  it("give a slow store a longer startup budget than the 10-minute floor", () => {
    const slow = parseSpec(specInput({ volume: { claimName: "models", mountPath: "/models", readThroughputMiBps: 20, serviceAccountName: null } }));
    const [pod] = podContainers(buildInferenceWorkload(slow, "k"));
    // 15.2 GB at 20 MiB/s ≈ 725 s + 180 s init → × 1.5 ≈ 1358 s → 136 checks of 10 s.
    expect(at(pod?.container, "startupProbe", "failureThreshold")).toBe(136);
  });
});

describe("termination", () => {
  it("drains serving pods: preStop sleep, engine drain, grace ≥ 1.5 × both", () => {
    const [pod] = podContainers(build("vLLM single node"));
    expect(at(pod?.container, "lifecycle", "preStop", "exec", "command")).toEqual(["sleep", "15"]);
    expect(pod?.pod["terminationGracePeriodSeconds"]).toBe(113);
  });

  it("keeps workers up while the leader drains", () => {
    const worker = podContainers(build("vLLM multi-node (multiprocessing)")).find((p) => p.role === "worker");
    expect(at(worker?.container, "lifecycle", "preStop", "exec", "command")).toEqual(["sleep", "75"]);
  });
});

describe("memory", () => {
  it("sizes the limit as /dev/shm plus engine host memory and requests the same", () => {
    const [pod] = podContainers(build("vLLM single node"));
    // 2 GiB shm + 8 GiB base + 4 GiB for one GPU.
    expect(at(pod?.container, "resources", "limits", "memory")).toBe("14336Mi");
    expect(at(pod?.container, "resources", "requests", "memory")).toBe("14336Mi");
    expect(at(pod?.container, "resources", "limits", "cpu")).toBeUndefined();
  });

  it("refuses a pod that does not fit the node, naming the allocatable memory", () => {
    const small = { ...a10Pool, allocatableMemoryMiB: 12_000 };
    expect(() => parseSpec(specInput({ placement: small }))).toThrow(/placement\.allocatableMemoryMiB = 12000: .*needs 14336 MiB/);
  });
});

describe("non-root images", () => {
  it("run as the image's user when one is given", () => {
    const spec = parseSpec(specInput({ image: { repository: "registry.example.com/vllm-nonroot", tag: "0.18.0", runAsUser: 1000 } }));
    const [pod] = podContainers(buildInferenceWorkload(spec, "k"));
    expect(pod?.container["securityContext"]).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(pod?.pod["securityContext"]).toMatchObject({ runAsNonRoot: true, fsGroup: 1000 });
  });
});
