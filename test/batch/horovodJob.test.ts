import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { LlmfleetError, LlmfleetErrors } from "../../src/errors/index.js";
import { shippedBatchScript } from "../../src/batch/index.js";
import { validateManifests, type KubernetesObject } from "../../src/k8s/index.js";
import { buildInferenceWorkload } from "../../src/workload/index.js";
import { at, flagValue, parseSpec, podContainers } from "../workload/fixtures.js";
import { horovodInput, horovodSpec } from "./fixtures.js";

function objectsOf(spec = horovodSpec()): KubernetesObject[] {
  return buildInferenceWorkload(spec, null, "print('batch')\n");
}

function commandLine(container: Record<string, unknown>): string[] {
  return [...(container["command"] as string[]), ...(container["args"] as string[])];
}

function problemsOf(action: () => unknown): LlmfleetError[] {
  try {
    action();
  } catch (error) {
    if (error instanceof LlmfleetErrors) return [...error.errors];
    if (error instanceof LlmfleetError) return [error];
    throw error;
  }
  return [];
}

describe("Horovod job running the shipped script", () => {
  const objects = objectsOf();
  const mpiJob = objects.find((object) => object.kind === "MPIJob");
  const containers = podContainers(objects);
  const launcher = commandLine(containers.find((c) => c.role === "leader")?.container ?? {});
  const worker = containers.find((c) => c.role === "worker");

  it("has every rank run horovod_batch_infer.py over the input into /results with the job's generation settings", () => {
    const program = launcher.slice(launcher.indexOf("python3"));
    expect(program.slice(0, 2)).toEqual(["python3", "/opt/llmfleet/batch/horovod_batch_infer.py"]);
    expect(flagValue(program, "--model")).toBe("/models/Qwen2.5-7B-Instruct");
    expect(flagValue(program, "--input")).toBe("/models/jobs/prompts.jsonl");
    expect(flagValue(program, "--output")).toBe("/results");
    expect(flagValue(program, "--max-new-tokens")).toBe("256");
    expect(flagValue(program, "--temperature")).toBe("0");
    expect(flagValue(program, "--dtype")).toBe("bfloat16");
  });

  it("puts the script in a ConfigMap the workers mount read-only, beside the read-only model and the writable results", () => {
    const configMap = objects.find((object) => object.kind === "ConfigMap");
    expect(configMap?.metadata.name).toBe("bloom-batch-batch-script");
    expect(at(configMap, "data", "horovod_batch_infer.py")).toBe("print('batch')\n");
    expect(worker?.pod["volumes"]).toEqual(
      expect.arrayContaining([
        { name: "model", persistentVolumeClaim: { claimName: "models", readOnly: true } },
        { name: "results", persistentVolumeClaim: { claimName: "bloom-batch-results" } },
        { name: "batch-script", configMap: { name: "bloom-batch-batch-script", defaultMode: 0o444 } },
      ]),
    );
    expect(worker?.container["volumeMounts"]).toEqual(
      expect.arrayContaining([
        { name: "model", mountPath: "/models", readOnly: true },
        { name: "results", mountPath: "/results" },
        { name: "batch-script", mountPath: "/opt/llmfleet/batch", readOnly: true },
      ]),
    );
  });

  it("exports the input and output locations to every rank for programs of the user's own", () => {
    const exported = launcher.flatMap((word, index) => (word === "-x" ? [launcher[index + 1]] : []));
    expect(exported).toEqual(expect.arrayContaining(["LLMFLEET_BATCH_INPUT", "LLMFLEET_BATCH_OUTPUT"]));
    expect(worker?.container["env"]).toContainEqual({ name: "LLMFLEET_BATCH_OUTPUT", value: "/results" });
  });

  it("runs sshd as the image's user: mpi-operator mounts the keys in its home and no capability is added back", () => {
    expect(at(mpiJob, "spec", "sshAuthMountPath")).toBe("/home/mpiuser/.ssh");
    expect(at(worker?.container, "securityContext", "capabilities")).toEqual({ drop: ["ALL"] });
    expect(at(worker?.pod, "securityContext", "runAsUser")).toBe(1000);
  });

  it("keeps a root image's sshd capabilities and the operator's default key path", () => {
    const rootJob = objectsOf(horovodSpec({ image: { repository: "registry.cn-hangzhou.aliyuncs.com/acme/horovod", tag: "1" } }));
    const rootWorker = podContainers(rootJob).find((c) => c.role === "worker");
    expect(at(rootJob.find((object) => object.kind === "MPIJob"), "spec", "sshAuthMountPath")).toBeUndefined();
    expect(at(rootWorker?.container, "securityContext", "capabilities", "add")).toEqual(["SETUID", "SETGID", "SYS_CHROOT"]);
  });

  it("passes the deadline to the MPIJob's run policy", () => {
    const spec = horovodSpec({ batchJob: { output: "oss://acme-results/bloom/", activeDeadlineSeconds: 36_000 } });
    expect(at(objectsOf(spec).find((object) => object.kind === "MPIJob"), "spec", "runPolicy", "activeDeadlineSeconds")).toBe(36_000);
  });

  it("emits objects that validate against their upstream schemas (MPIJob CRD, ConfigMap)", async () => {
    expect(await validateManifests(objects)).toEqual([]);
  });

  it("ships the script the ConfigMap carries in the package", () => {
    expect(shippedBatchScript()).toBe(readFileSync("batch/horovod_batch_infer.py", "utf8"));
    const manifest = JSON.parse(readFileSync("package.json", "utf8")) as { files: string[] };
    expect(manifest.files).toContain("batch/horovod_batch_infer.py");
  });
});

describe("Horovod job refusals", () => {
  it("refuses the shipped script without an output location and on the default image, naming both keys", () => {
    const problems = problemsOf(() => parseSpec(horovodInput({ image: undefined, batchJob: {} })));
    expect(problems.map((problem) => problem.field)).toEqual(["batchJob.output", "image"]);
    expect(problems[0]?.reason).toContain("/models is read-only");
    expect(problems[1]?.reason).toContain("has no transformers");
    expect(problems[1]?.fix).toContain("batch/Dockerfile");
  });

  it("still accepts a program of the user's own on the default image without an output", () => {
    const spec = parseSpec(horovodInput({ image: undefined, batchJob: { command: ["python", "/app/infer.py"] } }));
    const objects = buildInferenceWorkload(spec, null);
    expect(objects.some((object) => object.kind === "ConfigMap")).toBe(false);
    expect(podContainers(objects).find((c) => c.role === "leader")?.container["args"]).toEqual(expect.arrayContaining(["python", "/app/infer.py"]));
  });

  it("refuses an output that is not an OSS prefix with a folder, in words", () => {
    for (const output of ["oss://acme-results", "oss://acme-results/", "s3://acme/results/"]) {
      const [problem] = problemsOf(() => parseSpec(horovodInput({ batchJob: { output } })));
      expect(problem?.field).toBe("batchJob.output");
      expect(problem?.value).toBe(output);
      expect(problem?.reason).toContain("must be an OSS prefix oss://<bucket>/<folder>/");
      expect(problem?.fix).toContain("oss://llmfleet-batch-results/bloom-batch/");
      expect(problem?.message).not.toMatch(/regex|Invalid string|\^oss/);
    }
  });
});
