import { describe, expect, it } from "vitest";
import { gpuRollout, gracefulDrain, memoryBudget, shmRequired, startupGatesLiveness } from "../../src/policy/rules/index.js";
import { engineContainer, gpuDeployment, gpuLeaderWorkerSet, servingPodSpec, violationsOf } from "./fixtures.js";

const QWEN = 'Deployment llm-serving/qwen container "vllm"';
const SINGLE_GPU = { requests: { memory: "24Gi", "nvidia.com/gpu": 1 }, limits: { memory: "32Gi", "nvidia.com/gpu": 1, "ephemeral-storage": "50Gi" } };

describe("shm-required", () => {
  it("passes a two-GPU pod with a 16Gi memory-backed /dev/shm", () => {
    expect(violationsOf(shmRequired, gpuDeployment())).toEqual([]);
  });

  it("does not ask a single-GPU pod for shm", () => {
    expect(violationsOf(shmRequired, gpuDeployment({ container: { resources: SINGLE_GPU, volumeMounts: [] }, pod: { volumes: [] } }))).toEqual([]);
  });

  it("fails a two-GPU pod without /dev/shm", () => {
    const [found] = violationsOf(shmRequired, gpuDeployment({ container: { volumeMounts: [] } }));
    expect(found?.message).toContain(`${QWEN} has no memory-backed /dev/shm`);
    expect(found?.message).toContain("Fix: add a volume { emptyDir: { medium: Memory, sizeLimit: 16Gi } } mounted at /dev/shm");
  });

  it("fails a multi-node worker with a 64Mi shm", () => {
    const worker = { metadata: { labels: { role: "worker" } }, spec: servingPodSpec({ volumes: [{ name: "dshm", emptyDir: { medium: "Memory", sizeLimit: "64Mi" } }] }) };
    const [found] = violationsOf(shmRequired, gpuLeaderWorkerSet({ workerTemplate: worker }));
    expect(found?.message).toContain('LeaderWorkerSet llm-serving/qwen-72b workerTemplate container "vllm" has a /dev/shm of only 0.06Gi');
    expect(found?.message).toContain('Fix: raise emptyDir.sizeLimit of "dshm" to 16Gi');
  });

  it("fails an unbounded shm", () => {
    const [found] = violationsOf(shmRequired, gpuDeployment({ pod: { volumes: [{ name: "dshm", emptyDir: { medium: "Memory" } }] } }));
    expect(found?.message).toContain("without a sizeLimit");
  });
});

describe("memory-budget", () => {
  it("passes a limit that holds shm plus the engine, equal GPU request and limit, and ephemeral storage", () => {
    expect(violationsOf(memoryBudget, gpuDeployment())).toEqual([]);
  });

  it("passes Guaranteed QoS: request equal to a limit that holds shm and the engine", () => {
    const resources = { requests: { memory: "40Gi", "nvidia.com/gpu": 2 }, limits: { memory: "40Gi", "nvidia.com/gpu": 2, "ephemeral-storage": "50Gi" } };
    expect(violationsOf(memoryBudget, gpuDeployment({ container: { resources } }))).toEqual([]);
  });

  it("fails a limit that the shm eats into", () => {
    const resources = { requests: { memory: "20Gi", "nvidia.com/gpu": 2 }, limits: { memory: "20Gi", "nvidia.com/gpu": 2, "ephemeral-storage": "50Gi" } };
    const [found] = violationsOf(memoryBudget, gpuDeployment({ container: { resources } }));
    expect(found?.message).toContain(`${QWEN} has memory limit 20Gi of which /dev/shm may take 16Gi, leaving 4Gi for the engine process`);
    expect(found?.message).toContain("Fix: raise resources.limits.memory to at least 24Gi");
  });

  it("fails a memory request above the limit", () => {
    const resources = { requests: { memory: "64Gi", "nvidia.com/gpu": 2 }, limits: { memory: "48Gi", "nvidia.com/gpu": 2, "ephemeral-storage": "50Gi" } };
    const [found] = violationsOf(memoryBudget, gpuDeployment({ container: { resources } }));
    expect(found?.message).toContain(`${QWEN} requests 64Gi of memory, more than its limit 48Gi`);
  });

  it("fails a missing memory limit, unequal GPU request and limit, and missing ephemeral storage", () => {
    const resources = { requests: { "nvidia.com/gpu": 2 }, limits: { "nvidia.com/gpu": 1 } };
    const messages = violationsOf(memoryBudget, gpuDeployment({ container: { resources } })).map((found) => found.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toContain(`${QWEN} has no memory limit`);
    expect(messages[1]).toContain("Fix: set resources.limits.nvidia.com/gpu equal to the request");
    expect(messages[2]).toContain(`${QWEN} has no ephemeral-storage limit`);
  });
});

describe("startup-gates-liveness", () => {
  it("passes an engine with a ten-minute startup probe, readiness and liveness", () => {
    expect(violationsOf(startupGatesLiveness, gpuDeployment())).toEqual([]);
  });

  it("fails a liveness probe without a startup probe", () => {
    const [found, ...rest] = violationsOf(startupGatesLiveness, gpuDeployment({ container: { startupProbe: undefined } }));
    expect(rest).toEqual([]);
    expect(found?.message).toContain(`${QWEN} has a liveness probe but no startup probe`);
    expect(found?.message).toContain("Fix: add a startupProbe on /health with failureThreshold × periodSeconds ≥ 600 s");
  });

  it("fails a startup probe with the Kubernetes defaults (30 s)", () => {
    const [found] = violationsOf(startupGatesLiveness, gpuDeployment({ container: { startupProbe: { httpGet: { path: "/health", port: 8000 } } } }));
    expect(found?.message).toContain(`${QWEN} gives its startup probe only 30 s`);
  });

  it("fails a serving engine without readiness probe", () => {
    const [found] = violationsOf(startupGatesLiveness, gpuDeployment({ container: { readinessProbe: undefined } }));
    expect(found?.message).toContain(`${QWEN} serves a model without a readiness probe`);
  });

  it("lets LeaderWorkerSet workers go without probes (the leader is probed)", () => {
    const bare = engineContainer({ startupProbe: undefined, readinessProbe: undefined, livenessProbe: undefined });
    const worker = { metadata: { labels: { role: "worker" } }, spec: servingPodSpec({ containers: [bare] }) };
    expect(violationsOf(startupGatesLiveness, gpuLeaderWorkerSet({ workerTemplate: worker }))).toEqual([]);
  });
});

describe("graceful-drain", () => {
  it("passes a preStop sleep of 15 s with 90 s to terminate", () => {
    expect(violationsOf(gracefulDrain, gpuDeployment())).toEqual([]);
  });

  it("fails an engine without preStop and the default grace period", () => {
    const found = violationsOf(gracefulDrain, gpuDeployment({ container: { lifecycle: undefined }, pod: { terminationGracePeriodSeconds: undefined } }));
    expect(found.map((violation) => violation.message.split(":")[0])).toEqual([`${QWEN} has no preStop hook`, "Deployment llm-serving/qwen allows 30 s for termination"]);
    expect(found[1]?.message).toContain("Fix: set terminationGracePeriodSeconds to at least 60");
  });

  it("fails a grace period shorter than 1.5 × an exec preStop sleep", () => {
    const [found] = violationsOf(gracefulDrain, gpuDeployment({ container: { lifecycle: { preStop: { exec: { command: ["sh", "-c", "sleep 80"] } } } } }));
    expect(found?.message).toContain("Fix: set terminationGracePeriodSeconds to at least 120");
  });
});

describe("gpu-rollout", () => {
  it("passes a GPU Deployment with maxSurge 0 and a Recreate one", () => {
    expect(violationsOf(gpuRollout, gpuDeployment())).toEqual([]);
    expect(violationsOf(gpuRollout, gpuDeployment({ spec: { strategy: { type: "Recreate" } } }))).toEqual([]);
  });

  it("fails the default rolling update, which surges 25%", () => {
    const [found] = violationsOf(gpuRollout, gpuDeployment({ spec: { strategy: undefined } }));
    expect(found?.message).toContain("Deployment llm-serving/qwen rolls out with maxSurge 25% (default)");
    expect(found?.message).toContain("Fix: set spec.strategy.rollingUpdate { maxSurge: 0, maxUnavailable: 1 }");
  });

  it("passes a surge when spare GPUs are documented", () => {
    const surge = { strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } } };
    expect(violationsOf(gpuRollout, gpuDeployment({ spec: surge, annotations: { "llmfleet.io/spare-gpus": "reserved pool a10-spare" } }))).toEqual([]);
  });

  it("passes a LeaderWorkerSet that recreates groups and fails one that does not", () => {
    expect(violationsOf(gpuRollout, gpuLeaderWorkerSet())).toEqual([]);
    const [found] = violationsOf(gpuRollout, gpuLeaderWorkerSet({ restartPolicy: "None" }));
    expect(found?.message).toContain("LeaderWorkerSet llm-serving/qwen-72b uses restartPolicy None");
    expect(found?.message).toContain("Fix: set spec.leaderWorkerTemplate.restartPolicy: RecreateGroupOnPodRestart");
  });
});
