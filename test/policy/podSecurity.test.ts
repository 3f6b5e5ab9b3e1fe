import { describe, expect, it } from "vitest";
import { parsePolicyConfig, UNKNOWN } from "../../src/policy/index.js";
import { capsDropAll, hostNamespaces, noHostPath, noPrivileged, nonRoot } from "../../src/policy/rules/index.js";
import { customResource, gpuDeployment, gpuLeaderWorkerSet, SECURE_CONTEXT, servingPodSpec, violationsOf } from "./fixtures.js";

const QWEN = 'Deployment llm-serving/qwen container "vllm"';

describe("no-privileged", () => {
  it("passes a container that drops privilege escalation", () => {
    expect(violationsOf(noPrivileged, gpuDeployment())).toEqual([]);
  });

  it("fails a privileged container, naming it and the fix", () => {
    const [found, ...rest] = violationsOf(noPrivileged, gpuDeployment({ container: { securityContext: { ...SECURE_CONTEXT, privileged: true } } }));
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ rule: "no-privileged", resource: { name: "qwen" } });
    expect(found?.message).toContain(`${QWEN} runs privileged`);
    expect(found?.message).toContain("Fix: remove securityContext.privileged");
  });

  it("fails a container that may escalate privileges", () => {
    const [found] = violationsOf(noPrivileged, gpuDeployment({ container: { securityContext: { runAsNonRoot: true } } }));
    expect(found?.message).toContain("Fix: set securityContext.allowPrivilegeEscalation: false");
  });
});

describe("caps-drop-all", () => {
  it("passes a container that drops ALL", () => {
    expect(violationsOf(capsDropAll, gpuDeployment())).toEqual([]);
  });

  it("fails a container that keeps the default capabilities", () => {
    const [found] = violationsOf(capsDropAll, gpuDeployment({ container: { securityContext: { ...SECURE_CONTEXT, capabilities: {} } } }));
    expect(found?.message).toContain(`${QWEN} does not drop ALL capabilities`);
    expect(found?.message).toContain('Fix: set securityContext.capabilities.drop: ["ALL"]');
  });

  it("fails IPC_LOCK without an RDMA device and passes it with one", () => {
    const ipcLock = { ...SECURE_CONTEXT, capabilities: { drop: ["ALL"], add: ["IPC_LOCK"] } };
    const [found] = violationsOf(capsDropAll, gpuDeployment({ container: { securityContext: ipcLock } }));
    expect(found?.message).toContain(`${QWEN} adds capability IPC_LOCK`);
    expect(found?.message).toContain("Fix: request the RDMA resource (aliyun/erdma or rdma/hca)");
    const withErdma = { securityContext: ipcLock, resources: { limits: { "nvidia.com/gpu": 2, memory: "64Gi", "aliyun/erdma": 1 } } };
    expect(violationsOf(capsDropAll, gpuDeployment({ container: withErdma }))).toEqual([]);
  });

  it("fails SYS_ADMIN even with RDMA", () => {
    const sysAdmin = { securityContext: { ...SECURE_CONTEXT, capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } }, resources: { limits: { "aliyun/erdma": 1 } } };
    expect(violationsOf(capsDropAll, gpuDeployment({ container: sysAdmin }))[0]?.message).toContain("Fix: remove SYS_ADMIN");
  });
});

describe("non-root", () => {
  const vendorRoot = { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } };
  const waiver = { "llmfleet.io/waiver-non-root": "vllm/vllm-openai runs as root; non-root image tracked in PLAT-42" };

  it("passes a container that runs as a non-root user", () => {
    expect(violationsOf(nonRoot, gpuDeployment())).toEqual([]);
  });

  it("fails a container that leaves the user to the image and points at the waiver for vendor images", () => {
    const [found] = violationsOf(nonRoot, gpuDeployment({ container: vendorRoot }));
    expect(found?.message).toContain(`${QWEN} may run as root (image vllm/vllm-openai:v0.8.5)`);
    expect(found?.message).toContain('llmfleet.io/waiver-non-root: "<reason>"');
  });

  it("passes a vendor image under a documented waiver", () => {
    expect(violationsOf(nonRoot, gpuDeployment({ container: vendorRoot, templateAnnotations: waiver }))).toEqual([]);
  });

  it("does not let the waiver cover images off the waivable list", () => {
    const custom = { ...vendorRoot, image: "registry.cn-hangzhou.aliyuncs.com/acme/server:1.0" };
    const [found] = violationsOf(nonRoot, gpuDeployment({ container: custom, templateAnnotations: waiver }));
    expect(found?.message).toContain("only waives images on the nonRootWaivableImages list");
    const config = parsePolicyConfig({ nonRootWaivableImages: ["*.aliyuncs.com/acme/server"] });
    expect(violationsOf(nonRoot, gpuDeployment({ container: custom, templateAnnotations: waiver }), config)).toEqual([]);
  });

  it("fails runAsUser 0 and an unknown runAsUser", () => {
    expect(violationsOf(nonRoot, gpuDeployment({ container: { securityContext: { runAsUser: 0 } } }))).toHaveLength(1);
    const [unknown] = violationsOf(nonRoot, gpuDeployment({ container: { securityContext: { runAsNonRoot: true, runAsUser: UNKNOWN } } }));
    expect(unknown?.message).toContain("unknown during preview");
  });
});

describe("host-namespaces", () => {
  it("passes a pod in its own namespaces", () => {
    expect(violationsOf(hostNamespaces, gpuDeployment())).toEqual([]);
  });

  it("fails hostPID and hostNetwork on a single-node pod", () => {
    const found = violationsOf(hostNamespaces, gpuDeployment({ pod: { hostPID: true, hostNetwork: true } }));
    expect(found.map((violation) => violation.message.split(":")[0])).toEqual(["Deployment llm-serving/qwen sets hostNetwork", "Deployment llm-serving/qwen sets hostPID"]);
    expect(found[1]?.message).toContain("Fix: remove hostPID");
  });

  it("allows hostNetwork for a multi-node group that uses eRDMA", () => {
    const rdmaPod = (role: string) => ({
      metadata: { labels: { role } },
      spec: servingPodSpec({ hostNetwork: true }, { resources: { limits: { "nvidia.com/gpu": 8, "aliyun/erdma": 1 } } }),
    });
    expect(violationsOf(hostNamespaces, gpuLeaderWorkerSet({ leaderTemplate: rdmaPod("leader"), workerTemplate: rdmaPod("worker") }))).toEqual([]);
  });

  it("fails a host port", () => {
    const [found] = violationsOf(hostNamespaces, gpuDeployment({ container: { ports: [{ containerPort: 8000, hostPort: 8000 }] } }));
    expect(found?.message).toContain(`${QWEN} binds hostPort 8000`);
  });
});

describe("no-hostpath", () => {
  it("passes a pod with only emptyDir and claims", () => {
    expect(violationsOf(noHostPath, gpuDeployment())).toEqual([]);
  });

  it("fails a hostPath volume, naming it", () => {
    const pod = servingPodSpec({ volumes: [{ name: "models", hostPath: { path: "/mnt/models" } }] });
    const [found] = violationsOf(noHostPath, customResource("kubeflow.org/v2beta1", "MPIJob", { name: "train", namespace: "llm-serving" }, { mpiReplicaSpecs: { Worker: { replicas: 2, template: { spec: pod } } } }));
    expect(found?.message).toContain('MPIJob llm-serving/train Worker replica mounts hostPath volume "models" (/mnt/models)');
    expect(found?.message).toContain("Fix: serve weights from a PersistentVolumeClaim");
  });

  it("fails volumes that are unknown during preview", () => {
    expect(violationsOf(noHostPath, gpuDeployment({ pod: { volumes: UNKNOWN } }))[0]?.message).toContain("volumes unknown during preview");
  });
});
