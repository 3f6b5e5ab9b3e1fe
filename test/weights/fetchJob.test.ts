import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync, mkdirSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ossPrefixWriterPolicy, ossReadOnlyPolicy } from "../../src/cluster/index.js";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { validateManifests } from "../../src/k8s/index.js";
import { COMPLETION_MARKER, fetchScript, weightsFetchObjects, WRITER_MOUNT_PATH, type FetchTarget, type WeightsFetch } from "../../src/weights/index.js";

const REVISION = "a09a35458c702b33eeacc393d103063234e8bc28";
const qwenFetch: WeightsFetch = {
  folder: `Qwen2.5-7B-Instruct@${REVISION}`,
  source: { hub: "modelscope", repo: "Qwen/Qwen2.5-7B-Instruct", revision: REVISION },
  deployments: ["qwen7b"],
};
const target: FetchTarget = {
  storageName: "models",
  namespace: "llm-serving",
  bucket: "llmfleet-dev-models",
  endpoint: "oss-cn-hangzhou-internal.aliyuncs.com",
  path: "/",
  image: { repository: "vllm/vllm-openai", tag: "v0.18.0" },
  capacityGiB: 1024,
};

function byKind(objects: readonly KubernetesObject[], kind: string): Record<string, unknown> {
  const found = objects.find((object) => object.kind === kind);
  if (found === undefined) throw new Error(`no ${kind}`);
  return found as unknown as Record<string, unknown>;
}

function jobContainer(objects: readonly KubernetesObject[]): Record<string, unknown> {
  const job = byKind(objects, "Job") as { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
  const [container] = job.spec.template.spec.containers;
  if (container === undefined) throw new Error("no container");
  return container;
}

describe("weights fetch Job", () => {
  const objects = weightsFetchObjects(qwenFetch, target);

  it("is named after the folder and its revision, so a new revision runs a new Job", () => {
    const job = byKind(objects, "Job") as { metadata: { name: string } };
    expect(job.metadata.name).toMatch(/^fetch-qwen2-5-7b-instruct-a09a35458c702b33eeacc-[0-9a-f]{8}$/);
    const next = weightsFetchObjects({ ...qwenFetch, folder: "Qwen2.5-7B-Instruct@v2", source: { ...qwenFetch.source, revision: "v2" } }, target);
    expect((byKind(next, "Job") as { metadata: { name: string } }).metadata.name).not.toBe(job.metadata.name);
    expect(job.metadata.name.length).toBeLessThanOrEqual(56);
  });

  it("downloads the pinned revision with the ModelScope CLI into the folder's writer mount, and Pulumi does not wait hours for it", () => {
    const container = jobContainer(objects);
    expect(container["command"]).toEqual(["/bin/sh", "-c", expect.stringContaining(`modelscope download --model Qwen/Qwen2.5-7B-Instruct --revision ${REVISION} --local_dir "$dir"`)]);
    expect(container["volumeMounts"]).toContainEqual({ name: "weights", mountPath: WRITER_MOUNT_PATH });
    expect((byKind(objects, "Job") as { metadata: { annotations: Record<string, string> } }).metadata.annotations).toEqual({ "pulumi.com/skipAwait": "true" });
  });

  it("runs without a GPU or a GPU toleration (the system pool), non-root, read-only, every capability dropped, requests equal to limits", () => {
    const job = byKind(objects, "Job") as { spec: { template: { spec: Record<string, unknown> } } };
    const pod = job.spec.template.spec;
    expect(pod["tolerations"]).toBeUndefined();
    expect(pod["nodeSelector"]).toBeUndefined();
    const container = jobContainer(objects) as { resources: { requests: Record<string, string>; limits: Record<string, string> }; securityContext: Record<string, unknown> };
    expect(container.resources.requests).toEqual(container.resources.limits);
    expect(Object.keys(container.resources.limits)).not.toContain("nvidia.com/gpu");
    expect(container.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } });
  });

  it("writes through its own OSS volume of only the model's folder, as its own ossfs identity", () => {
    const volume = byKind(objects, "PersistentVolume") as { spec: { accessModes: string[]; csi: { readOnly: boolean; volumeAttributes: Record<string, string> } } };
    expect(volume.spec.accessModes).toEqual(["ReadWriteMany"]);
    expect(volume.spec.csi.readOnly).toBe(false);
    expect(volume.spec.csi.volumeAttributes).toMatchObject({
      bucket: "llmfleet-dev-models",
      path: `/Qwen2.5-7B-Instruct@${REVISION}/`,
      fuseType: "ossfs",
      authType: "rrsa",
      serviceAccountName: expect.stringMatching(/^models-fetch-.*-ossfs$/),
    });
    expect(volume.spec.csi.volumeAttributes["roleName"]).toMatch(/^llmfleet-.*-w$/);
    expect(volume.spec.csi.volumeAttributes["roleName"]?.length).toBeLessThanOrEqual(64);
  });

  it("lets only its own pods out, to DNS and HTTPS on the internet, and nothing in", () => {
    const policy = byKind(objects, "NetworkPolicy") as { spec: Record<string, unknown> };
    const job = byKind(objects, "Job") as { spec: { template: { metadata: { labels: Record<string, string> } } } };
    const selector = (policy.spec["podSelector"] as { matchLabels: Record<string, string> }).matchLabels;
    expect(job.spec.template.metadata.labels).toMatchObject(selector);
    expect(selector).toEqual({ "app.kubernetes.io/name": "weights-fetch", "llmfleet.io/weights": expect.stringMatching(/^qwen2-5-7b/) });
    expect(policy.spec["ingress"]).toEqual([]);
    expect(policy.spec["egress"]).toEqual([
      expect.objectContaining({ ports: [{ protocol: "UDP", port: 53 }, { protocol: "TCP", port: 53 }] }),
      { to: [{ ipBlock: { cidr: "0.0.0.0/0", except: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"] } }], ports: [{ protocol: "TCP", port: 443 }] },
    ]);
  });

  it("downloads a Hugging Face revision with huggingface_hub, through the mirror a stack names", () => {
    const mirrored = weightsFetchObjects({ ...qwenFetch, source: { hub: "huggingface", repo: "Qwen/Qwen2.5-7B-Instruct", revision: REVISION, endpoint: "https://hf-mirror.example.com" } }, target);
    const container = jobContainer(mirrored);
    expect(container["env"]).toContainEqual({ name: "HF_ENDPOINT", value: "https://hf-mirror.example.com" });
    expect(container["command"]).toEqual([
      "/bin/sh",
      "-c",
      expect.stringContaining(
        `python3 -c 'import sys; from huggingface_hub import snapshot_download; snapshot_download(repo_id=sys.argv[1], revision=sys.argv[2], local_dir=sys.argv[3])' Qwen/Qwen2.5-7B-Instruct ${REVISION} "$dir"`,
      ),
    ]);
  });

  it("renders objects that validate against their upstream schemas", async () => {
    expect(await validateManifests(objects)).toEqual([]);
  });
});

describe("fetch script", () => {
  /** Runs the script against a local folder with a stub `modelscope` that records its calls. */
  function run(dir: string): { calls: string; output: string } {
    const bin = mkdtempSync(join(tmpdir(), "llmfleet-bin-"));
    const log = join(bin, "calls");
    writeFileSync(join(bin, "modelscope"), `#!/bin/sh\necho "$@" >> ${log}\nprintf '{}' > "$7/config.json"\nprintf 'w' > "$7/model-00001-of-00002.safetensors"\n`);
    chmodSync(join(bin, "modelscope"), 0o755);
    const script = fetchScript(qwenFetch.source, "oss://llmfleet-dev-models/Qwen2.5-7B-Instruct@x/").replace(`dir=${WRITER_MOUNT_PATH}`, `dir=${dir}`);
    const output = execFileSync("/bin/sh", ["-c", script], { env: { PATH: `${bin}:/usr/bin:/bin` }, encoding: "utf8" });
    return { calls: existsSync(log) ? readFileSync(log, "utf8") : "", output };
  }

  it("downloads, verifies and writes the marker last with the revision and the file list", () => {
    const dir = mkdtempSync(join(tmpdir(), "llmfleet-weights-"));
    const { calls } = run(dir);
    expect(calls).toBe(`download --model Qwen/Qwen2.5-7B-Instruct --revision ${REVISION} --local_dir ${dir}\n`);
    expect(readFileSync(join(dir, COMPLETION_MARKER), "utf8")).toBe(
      `source=modelscope\nrepo=Qwen/Qwen2.5-7B-Instruct\nrevision=${REVISION}\nfiles:\n./config.json\n./model-00001-of-00002.safetensors\n`,
    );
    expect(existsSync(join(dir, `${COMPLETION_MARKER}.tmp`))).toBe(false);
  });

  it("does nothing when the folder's marker is already there (a re-run or a retried pod)", () => {
    const dir = mkdtempSync(join(tmpdir(), "llmfleet-weights-"));
    writeFileSync(join(dir, COMPLETION_MARKER), "done\n");
    const { calls, output } = run(dir);
    expect(calls).toBe("");
    expect(output).toContain("already complete");
  });

  it("fails without writing a marker when the download is not a checkpoint", () => {
    const dir = mkdtempSync(join(tmpdir(), "llmfleet-weights-"));
    mkdirSync(join(dir, "sub"));
    const script = fetchScript(qwenFetch.source, "oss://b/f/").replace(`dir=${WRITER_MOUNT_PATH}`, `dir=${dir}`).replace(/^modelscope download .*$/m, "true");
    expect(() => execFileSync("/bin/sh", ["-c", script], { stdio: "pipe" })).toThrow(/no config\.json/);
    expect(existsSync(join(dir, COMPLETION_MARKER))).toBe(false);
  });
});

describe("fetch writer role", () => {
  it("may list, read and write only under the model's folder, never the rest of the bucket", () => {
    expect(ossPrefixWriterPolicy("llmfleet-prod-models", "/DeepSeek-V3@v1/")).toEqual({
      Version: "1",
      Statement: [
        { Effect: "Allow", Action: ["oss:ListObjects"], Resource: ["acs:oss:*:*:llmfleet-prod-models"], Condition: { StringLike: { "oss:Prefix": "DeepSeek-V3@v1/*" } } },
        {
          Effect: "Allow",
          Action: ["oss:GetObject", "oss:PutObject", "oss:DeleteObject", "oss:AbortMultipartUpload", "oss:ListParts", "oss:GetObjectMeta"],
          Resource: ["acs:oss:*:*:llmfleet-prod-models/DeepSeek-V3@v1/*"],
        },
      ],
    });
  });

  it("is separate from the serving role, which still only reads", () => {
    const actions = ossReadOnlyPolicy("llmfleet-prod-models", "/").Statement.flatMap((statement) => statement.Action);
    expect(actions).toEqual(["oss:Get*", "oss:List*"]);
  });
});
