import { beforeAll, describe, expect, it } from "vitest";
import type { RecordedResource } from "../../src/preview/index.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile, type StackFile } from "../../src/preview/stackFile.js";

/**
 * What LlmFleet registers for whole stacks: cloud names unique per stack, protection in prod, and an
 * existing cluster with the system pool the user names.
 */
function withFleet(stack: string, change: (fleet: Record<string, unknown>) => Record<string, unknown>): StackFile {
  const file = loadStackFile({ stack });
  const fleet = file.config["llmfleet:fleet"] as Record<string, unknown>;
  return { ...file, config: { ...file.config, "llmfleet:fleet": change(fleet) } };
}

const previews: Record<string, StackPreview> = {};
beforeAll(async () => {
  previews["staging"] = await previewStack(loadStackFile({ stack: "staging" }));
  previews["batch"] = await previewStack(loadStackFile({ stack: "batch" }));
  // prod creating its bucket, so that the bucket's protection shows; dev the same for contrast.
  previews["prod"] = await previewStack(withFleet("prod", (fleet) => ({ ...fleet, storage: { kind: "oss", bucket: "llmfleet-prod-models", create: true } })));
  previews["dev"] = await previewStack(loadStackFile({ stack: "dev" }));
  previews["existing"] = await previewStack(
    withFleet("dev", (fleet) => ({
      ...fleet,
      cluster: { mode: "existing", clusterId: "c0123456789abcdef", nodeVswitchIds: ["vsw-h", "vsw-i"], systemPool: { name: "default-pool", instanceType: "ecs.g7.2xlarge", nodes: 3 } },
    })),
  );
});

function resources(name: string): readonly RecordedResource[] {
  const preview = previews[name];
  if (preview === undefined) throw new Error(`no preview of ${name}`);
  return preview.resources;
}

const ofType = (name: string, type: string) => resources(name).filter((r) => r.type === type);
const input = (r: RecordedResource | undefined, key: string) => r?.inputs[key];

describe("cloud names derive from the Pulumi project and stack", () => {
  it("staging and batch (both environment staging) create different clusters, RAM roles and RAM policies", () => {
    const names = (stack: string) => ({
      cluster: input(ofType(stack, "alicloud:cs/managedKubernetes:ManagedKubernetes")[0], "name"),
      role: input(ofType(stack, "alicloud:ram/role:Role").find((r) => r.name === "llmfleet-models-oss-reader"), "roleName"),
      policy: input(ofType(stack, "alicloud:ram/policy:Policy").find((r) => r.name === "llmfleet-models-oss-read"), "policyName"),
    });
    expect(names("staging")).toEqual({ cluster: "llmfleet-staging", role: "llmfleet-staging-models-oss-reader", policy: "llmfleet-staging-models-oss-reader-read" });
    expect(names("batch")).toEqual({ cluster: "llmfleet-batch", role: "llmfleet-batch-models-oss-reader", policy: "llmfleet-batch-models-oss-reader-read" });
  });

  it("gives the batch job's writer role a per-stack name of its own", () => {
    expect(ofType("batch", "alicloud:ram/role:Role").map((r) => input(r, "roleName")).sort()).toEqual(["llmfleet-batch-bloom-batch-writer", "llmfleet-batch-models-oss-reader"]);
  });
});

describe("protection", () => {
  const gpuPools = (stack: string) => ofType(stack, "alicloud:cs/nodePool:NodePool").filter((r) => r.inputs["nodePoolName"] !== "system");

  it("prod protects and retains the cluster, every GPU pool and the bucket it creates", () => {
    const protectedOnes = [...ofType("prod", "alicloud:cs/managedKubernetes:ManagedKubernetes"), ...gpuPools("prod"), ...ofType("prod", "alicloud:oss/bucket:Bucket")];
    expect(protectedOnes.map((r) => r.name).sort()).toEqual(["llmfleet-cluster-cluster", "llmfleet-h20x8-pool", "llmfleet-l20x4-pool", "llmfleet-models-bucket"]);
    expect(protectedOnes.map((r) => [r.protect, r.retainOnDelete])).toEqual(protectedOnes.map(() => [true, true]));
  });

  it("dev protects none of them; its bucket, like every created bucket, is kept in the cloud when it leaves the stack", () => {
    const dev = [...ofType("dev", "alicloud:cs/managedKubernetes:ManagedKubernetes"), ...gpuPools("dev")];
    expect(dev.length).toBe(2);
    expect(dev.filter((r) => r.protect || r.retainOnDelete)).toEqual([]);
    const buckets = ofType("dev", "alicloud:oss/bucket:Bucket");
    expect(buckets.map((r) => [r.protect, r.retainOnDelete])).toEqual([[false, true]]);
  });
});

describe("an existing cluster with its system pool named", () => {
  it("creates no cluster, VPC or system pool, and previews deployable with the declared pool hosting the mesh and monitoring", () => {
    const existing = previews["existing"];
    expect(ofType("existing", "alicloud:cs/managedKubernetes:ManagedKubernetes")).toEqual([]);
    expect(ofType("existing", "alicloud:vpc/network:Network")).toEqual([]);
    expect(ofType("existing", "alicloud:cs/nodePool:NodePool").map((r) => r.inputs["nodePoolName"])).toEqual(["a10"]);
    expect(input(ofType("existing", "alicloud:cs/nodePool:NodePool")[0], "clusterId")).toBe("c0123456789abcdef");
    expect(existing?.deployabilityFindings).toEqual([]);
  });

  it("without the system pool named, the preview says istiod has nowhere to run and names the key", async () => {
    const bare = await previewStack(
      withFleet("dev", (fleet) => ({ ...fleet, cluster: { mode: "existing", clusterId: "c0123456789abcdef", nodeVswitchIds: ["vsw-h", "vsw-i"] } })),
    );
    const istiod = bare.deployabilityFindings.find((f) => /istio-system\/istiod/.test(f.message));
    expect(istiod?.rule).toBe("scheduling");
    expect(istiod?.message).toMatch(/cluster\.systemPool/);
  });
});
