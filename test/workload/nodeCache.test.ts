import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PoolPlacement } from "../../src/cluster/types.js";
import { essdThroughputMiBps } from "../../src/cluster/index.js";
import { buildInferenceWorkload } from "../../src/workload/index.js";
import { estimateStartup } from "../../src/workload/loadTime.js";
import { nodeCacheCopyScript, NODE_CACHE_MOUNT_PATH } from "../../src/workload/nodeCache.js";
import { a10Pool, flagValue, modelVolume, parseSpec, plan, podContainers, specInput } from "./fixtures.js";

const REVISION = "a09a35458c702b33eeacc393d103063234e8bc28";
/** The A10 pool with a 500 GiB PL1 data disk at /mnt/model-cache. */
const cachedPool: PoolPlacement = { ...a10Pool, modelCache: { diskGiB: 500, readThroughputMiBps: 333 } };

function servingPod(overrides: Parameters<typeof specInput>[0] = {}) {
  const [pod] = podContainers(buildInferenceWorkload(parseSpec(specInput(overrides)), "qwen-api-key"));
  if (pod === undefined) throw new Error("no pod");
  return pod;
}

function initContainers(pod: Record<string, unknown>): { name: string; command: string[]; volumeMounts: { name: string; mountPath: string }[] }[] {
  return (pod["initContainers"] ?? []) as { name: string; command: string[]; volumeMounts: { name: string; mountPath: string }[] }[];
}

describe("node-local weights cache", () => {
  it("is the default on a pool whose data disk holds the model: the engine loads the node disk's copy", () => {
    const { pod, container } = servingPod({ placement: cachedPool });
    expect(initContainers(pod).map((init) => init.name)).toEqual(["cache-weights"]);
    expect((container["args"] as string[])[0]).toBe("/model-cache/weights/Qwen2.5-7B-Instruct");
    expect(pod["volumes"]).toContainEqual({ name: "model-cache", hostPath: { path: "/mnt/model-cache", type: "DirectoryOrCreate" } });
    expect(container["volumeMounts"]).toContainEqual({ name: "model-cache", mountPath: NODE_CACHE_MOUNT_PATH });
  });

  it("keeps torch.compile, Triton and inductor caches on the node disk so a restart does not recompile", () => {
    const { container } = servingPod({ placement: cachedPool });
    expect(container["env"]).toEqual(
      expect.arrayContaining([
        { name: "VLLM_CACHE_ROOT", value: "/model-cache/compile/vllm" },
        { name: "TRITON_CACHE_DIR", value: "/model-cache/compile/triton" },
        { name: "TORCHINDUCTOR_CACHE_DIR", value: "/model-cache/compile/inductor" },
      ]),
    );
  });

  it("reads the storage mount as before on a pool without a data disk", () => {
    const { pod, container } = servingPod();
    expect(pod["initContainers"]).toBeUndefined();
    expect((container["args"] as string[])[0]).toBe("/models/Qwen2.5-7B-Instruct");
    expect(JSON.stringify(pod["volumes"])).not.toContain("hostPath");
  });

  it("reads the storage mount when the model and compile caches do not fit the disk, and refuses node-disk asked for there", () => {
    const small: PoolPlacement = { ...a10Pool, modelCache: { diskGiB: 30, readThroughputMiBps: 135 } };
    expect((servingPod({ placement: small }).container["args"] as string[])[0]).toBe("/models/Qwen2.5-7B-Instruct");
    expect(() => parseSpec(specInput({ placement: small, weightsCache: "node-disk" }))).toThrow(
      /^weightsCache = "node-disk": the weights \(15 GiB\) and the compile caches \(20 GiB\) do not fit pool a10's 30 GiB data disk\. Fix: raise the pool's dataDiskGiB to at least 35, or set weightsCache: none$/,
    );
    expect(() => parseSpec(specInput({ weightsCache: "node-disk" }))).toThrow(/^weightsCache = "node-disk": pool a10 has no data disk to cache the weights on\. Fix: give the pool a dataDiskGiB/);
  });

  it("refuses the Run:ai streamer for SGLang, which has no such loader", () => {
    expect(() => parseSpec(specInput({ engine: "sglang", plan: plan({ engine: "sglang" }), weightsCache: "runai-streamer" }))).toThrow(
      /^weightsCache = "runai-streamer": the Run:ai Model Streamer is a vLLM load format \(--load-format runai_streamer\); SGLang has no such loader\. Fix: use weightsCache: node-disk/,
    );
  });
});

describe("Run:ai Model Streamer", () => {
  const ossVolume = { ...modelVolume, objectStore: { bucket: "llmfleet-prod-models", prefix: "", s3Endpoint: "https://s3.oss-cn-beijing-internal.aliyuncs.com" } };
  const credentials = [
    { name: "AWS_ACCESS_KEY_ID", secretKeyRef: { name: "oss-reader", key: "id" } },
    { name: "AWS_SECRET_ACCESS_KEY", secretKeyRef: { name: "oss-reader", key: "secret" } },
  ];

  it("streams vLLM's weights from the bucket's S3-compatible endpoint with the AccessKey from a Secret", () => {
    const { pod, container } = servingPod({ placement: cachedPool, volume: ossVolume, weightsCache: "runai-streamer", extraEnv: credentials });
    const args = container["args"] as string[];
    expect(args[0]).toBe("s3://llmfleet-prod-models/Qwen2.5-7B-Instruct");
    expect(flagValue(args, "--load-format")).toBe("runai_streamer");
    expect(container["env"]).toEqual(
      expect.arrayContaining([
        { name: "AWS_ENDPOINT_URL", value: "https://s3.oss-cn-beijing-internal.aliyuncs.com" },
        { name: "RUNAI_STREAMER_S3_USE_VIRTUAL_ADDRESSING", value: "1" },
        { name: "AWS_EC2_METADATA_DISABLED", value: "true" },
        { name: "AWS_ACCESS_KEY_ID", valueFrom: { secretKeyRef: { name: "oss-reader", key: "id" } } },
      ]),
    );
    expect(pod["initContainers"]).toBeUndefined();
  });

  it("refuses the streamer without the AccessKey from a Secret, or on storage that is not OSS", () => {
    expect(() => parseSpec(specInput({ volume: ossVolume, weightsCache: "runai-streamer" }))).toThrow(
      /^weightsCache = "runai-streamer": the streamer reads OSS through its S3-compatible API, which takes an AccessKey, and AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not given from a Secret.*Fix: create a Secret/,
    );
    expect(() => parseSpec(specInput({ weightsCache: "runai-streamer", extraEnv: credentials }))).toThrow(/^weightsCache = "runai-streamer": the streamer reads an S3-compatible object store, and this model storage is not OSS/);
  });
});

describe("weights from a hub", () => {
  const source = { hub: "modelscope", repo: "Qwen/Qwen2.5-7B-Instruct", revision: REVISION } as const;

  it("serves the revision's folder and waits for its completion marker before copying and loading", () => {
    const { pod, container } = servingPod({ placement: cachedPool, modelSource: source });
    const [wait, cache] = initContainers(pod);
    expect([wait?.name, cache?.name]).toEqual(["wait-for-weights", "cache-weights"]);
    expect(wait?.command[2]).toContain(`marker=/models/Qwen2.5-7B-Instruct@${REVISION}/.llmfleet-complete\n`);
    expect(wait?.command[2]).toContain('until [ -f "$marker" ]; do');
    expect(wait?.command[2]).toMatch(/echo "llmfleet: waiting for \$marker: Job fetch-qwen2-5-7b-instruct-a09a35458c702b33eeacc-[0-9a-f]{8} writes it once the download is complete and verified"/);
    expect(wait?.volumeMounts).toContainEqual({ name: "model", mountPath: "/models", readOnly: true });
    expect((container["args"] as string[])[0]).toBe(`/model-cache/weights/Qwen2.5-7B-Instruct@${REVISION}`);
  });

  it("lets Pulumi wait for the fetch Job's deadline on top of the start, since the pods wait for the download", () => {
    const timeout = (overrides: Parameters<typeof specInput>[0]): number => {
      const deployment = buildInferenceWorkload(parseSpec(specInput(overrides)), "qwen-api-key").find((object) => object.kind === "Deployment");
      return Number(deployment?.metadata.annotations?.["pulumi.com/timeoutSeconds"]);
    };
    expect(timeout({ modelSource: source }) - timeout({})).toBe(86_400);
  });

  it("waits for the marker on the storage mount when there is no node cache", () => {
    const { pod, container } = servingPod({ modelSource: source });
    expect(initContainers(pod).map((init) => init.name)).toEqual(["wait-for-weights"]);
    expect(flagValue(container["args"] as string[], "--served-model-name")).toBe("qwen2.5-7b-instruct");
    expect((container["args"] as string[])[0]).toBe(`/models/Qwen2.5-7B-Instruct@${REVISION}`);
  });
});

describe("node cache copy script", () => {
  /** The script with the container paths moved under a temporary folder. */
  function localScript(root: string): string {
    return nodeCacheCopyScript(join(root, "models", "Qwen2.5-7B-Instruct"), "Qwen2.5-7B-Instruct").replaceAll(NODE_CACHE_MOUNT_PATH, join(root, "cache"));
  }

  function checkpoint(): string {
    const root = mkdtempSync(join(tmpdir(), "llmfleet-cache-"));
    mkdirSync(join(root, "models", "Qwen2.5-7B-Instruct"), { recursive: true });
    writeFileSync(join(root, "models", "Qwen2.5-7B-Instruct", "config.json"), "{}");
    writeFileSync(join(root, "models", "Qwen2.5-7B-Instruct", "model.safetensors"), "weights");
    return root;
  }

  it("copies once into a temporary folder, renames it into place, and skips on the next start", () => {
    const root = checkpoint();
    const first = execFileSync("/bin/sh", ["-c", localScript(root)], { encoding: "utf8" });
    expect(first).toContain("copying Qwen2.5-7B-Instruct");
    expect(readdirSync(join(root, "cache", "weights", "Qwen2.5-7B-Instruct")).sort()).toEqual([".llmfleet-cached", "config.json", "model.safetensors"]);
    expect(existsSync(join(root, "cache", "weights", ".partial-Qwen2.5-7B-Instruct"))).toBe(false);
    const second = execFileSync("/bin/sh", ["-c", localScript(root)], { encoding: "utf8" });
    expect(second).toContain("already on this node's disk");
    expect(second).not.toContain("copying");
  });

  it("copies again when the storage's folder changed since the copy (a shard uploaded later), instead of keeping a partial copy", () => {
    const root = checkpoint();
    execFileSync("/bin/sh", ["-c", localScript(root)], { encoding: "utf8" });
    writeFileSync(join(root, "models", "Qwen2.5-7B-Instruct", "model-00002.safetensors"), "more weights");
    const again = execFileSync("/bin/sh", ["-c", localScript(root)], { encoding: "utf8" });
    expect(again).toContain("differs from the model storage: copying it again");
    expect(readdirSync(join(root, "cache", "weights", "Qwen2.5-7B-Instruct")).sort()).toEqual([".llmfleet-cached", "config.json", "model-00002.safetensors", "model.safetensors"]);
    expect(execFileSync("/bin/sh", ["-c", localScript(root)], { encoding: "utf8" })).toContain("already on this node's disk");
  });

  it("copies once when several ranks of a node start together: the others wait on the lock and find the copy", async () => {
    const root = checkpoint();
    const outputs = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn("/bin/sh", ["-c", localScript(root)]);
            let output = "";
            child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
            child.on("close", (code) => (code === 0 ? resolve(output) : reject(new Error(`exit ${String(code)}`))));
          }),
      ),
    );
    expect(outputs.filter((output) => output.includes("copying")).length).toBe(1);
    expect(outputs.filter((output) => output.includes("already on this node's disk")).length).toBe(2);
  });

  it("keeps a folder name with spaces and quotes whole instead of parsing it as shell", () => {
    const root = mkdtempSync(join(tmpdir(), "llmfleet-cache-"));
    const folder = "team's model $(touch pwned)";
    mkdirSync(join(root, "models", folder), { recursive: true });
    writeFileSync(join(root, "models", folder, "config.json"), "{}");
    const script = nodeCacheCopyScript(join(root, "models", folder), folder).replaceAll(NODE_CACHE_MOUNT_PATH, join(root, "cache"));
    execFileSync("/bin/sh", ["-c", script], { cwd: root, encoding: "utf8" });
    expect(readdirSync(join(root, "cache", "weights", folder)).sort()).toEqual([".llmfleet-cached", "config.json"]);
    expect(existsSync(join(root, "pwned"))).toBe(false);
  });

  it("takes an exclusive flock on a per-folder lock file of the node disk", () => {
    const script = nodeCacheCopyScript("/models/DeepSeek-V3", "DeepSeek-V3");
    expect(script).toContain("folder=DeepSeek-V3\ncache=/model-cache/weights\n");
    expect(script).toContain('exec 9>"$cache/.$folder.lock"\necho "llmfleet: taking this node\'s copy lock for $folder"\nflock 9');
  });
});

describe("cold and warm starts", () => {
  // Qwen2.5-72B-Instruct in bf16 (the prod stack's qwen72b): 145.4 GB, TP 4 on one node.
  const qwen72b = { weightBytes: 145.4e9, readThroughputMiBps: 300, nodes: 1, checkpointReads: 4 };

  it("reads the ESSD throughput from Alibaba's table for the disk's level and size", () => {
    expect(essdThroughputMiBps("PL1", 500)).toBe(333);
    expect(essdThroughputMiBps("PL1", 100)).toBe(162);
    expect(essdThroughputMiBps("PL0", 40)).toBe(104);
    expect(essdThroughputMiBps("PL3", 2000)).toBe(1_068);
  });

  it("without a node cache, every rank reads the storage on every start", () => {
    expect(estimateStartup(qwen72b)).toMatchObject({ loadsFrom: "storage", readSeconds: 1_849, coldSeconds: 2_029, warmSeconds: 2_029, budgetSeconds: 3_050 });
  });

  it("with the node cache, a cold node copies once and reads locally; a warm node only reads locally; the probe is sized for cold", () => {
    expect(estimateStartup({ ...qwen72b, nodeDisk: { readThroughputMiBps: 333, pageCacheHoldsCopy: true } })).toMatchObject({
      loadsFrom: "node-disk",
      readSeconds: 463,
      localReadSeconds: 417,
      warmSeconds: 597,
      coldSeconds: 1_060,
      budgetSeconds: 1_590,
    });
  });

  it("counts every rank's local read when the node's memory cannot hold the copy", () => {
    expect(estimateStartup({ ...qwen72b, nodeDisk: { readThroughputMiBps: 333, pageCacheHoldsCopy: false } })).toMatchObject({ localReadSeconds: 1_666, warmSeconds: 1_846 });
  });
});
