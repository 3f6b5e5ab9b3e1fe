import type { InferenceDeploymentInput } from "../../src/deployment/index.js";
import type { InferenceDeploymentSpec } from "../../src/workload/spec.js";
import { a10Pool, a10x4Pool, parseSpec, plan, specInput } from "../workload/fixtures.js";

/** The image built from batch/Dockerfile, as a user names it. */
export const batchImage = { repository: "registry.cn-hangzhou.aliyuncs.com/acme/llmfleet-horovod-batch", tag: "0.28.1-cu121-1", runAsUser: 1000 } as const;

export const horovodPlan = plan({ engine: "horovod", gpusPerNode: 4, instanceType: "ecs.gn7i-4x.16xlarge", maxBatchedTokens: 4096, shmGiB: 16 });

/** Two 4-GPU workers running the shipped script into an OSS prefix. */
export function horovodInput(overrides: Partial<InferenceDeploymentInput> = {}): InferenceDeploymentInput {
  return specInput({
    name: "bloom-batch",
    engine: "horovod",
    plan: horovodPlan,
    placement: a10x4Pool,
    replicas: 2,
    image: batchImage,
    batchJob: { output: "oss://acme-results/bloom/", input: "jobs/prompts.jsonl" },
    ...overrides,
  });
}

/** Three vLLM shards of Qwen 7B on one A10 each. */
export function vllmBatchInput(overrides: Partial<InferenceDeploymentInput> = {}): InferenceDeploymentInput {
  return specInput({ name: "qwen-batch", placement: a10Pool, replicas: 3, batchJob: { output: "oss://acme-results/qwen/", activeDeadlineSeconds: 7200 }, ...overrides });
}

export function horovodSpec(overrides: Partial<InferenceDeploymentInput> = {}): InferenceDeploymentSpec {
  return parseSpec(horovodInput(overrides));
}

export function vllmBatchSpec(overrides: Partial<InferenceDeploymentInput> = {}): InferenceDeploymentSpec {
  return parseSpec(vllmBatchInput(overrides));
}
