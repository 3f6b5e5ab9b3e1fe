import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { KubernetesObject } from "../../src/k8s/index.js";
import { previewStack, type StackPreview } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";
import { fleetWeightsFetches, parseFleet, planFleet, weightsProblems } from "../../src/stack/index.js";
import { at } from "../workload/fixtures.js";

const FIXTURE = fileURLToPath(new URL("fixtures/Pulumi.weights.yaml", import.meta.url));

function fixtureFleet(): Record<string, unknown> {
  return structuredClone(loadStackFile({ configFile: FIXTURE }).config["llmfleet:fleet"]) as Record<string, unknown>;
}

function deployments(fleet: Record<string, unknown>): Record<string, unknown>[] {
  return fleet["deployments"] as Record<string, unknown>[];
}

/** The fleet-level weights problems of a fixture variant, as the messages a user reads. */
function problemsOf(fleet: Record<string, unknown>): string[] {
  const { config, locate } = parseFleet(fleet);
  return weightsProblems(config, planFleet(config, locate).deployments, locate).map((problem) => problem.message);
}

describe("a fleet that fetches its weights from ModelScope", () => {
  let preview: StackPreview;
  beforeAll(async () => {
    preview = await previewStack(loadStackFile({ configFile: FIXTURE }));
  });
  const objects = (kind: string): KubernetesObject[] => preview.manifests.objects.filter((object) => object.kind === kind);

  it("previews with every object schema-valid and no policy or deployability finding", () => {
    expect(preview.manifestFindings).toEqual([]);
    expect(preview.policyFindings).toEqual([]);
    expect(preview.deployabilityFindings).toEqual([]);
  });

  it("runs one fetch Job for the revision both deployments share, into <model>@<revision>/", () => {
    const jobs = objects("Job");
    expect(jobs.map((job) => job.metadata.name)).toEqual([expect.stringMatching(/^fetch-qwen2-5-7b-instruct-v1-0-0-[0-9a-f]{8}$/)]);
    expect(preview.weightLocations.get("qwen7b")).toBe("oss://llmfleet-weights-models/Qwen2.5-7B-Instruct@v1.0.0/");
    expect(preview.weightLocations.get("qwen7b-canary")).toBe("oss://llmfleet-weights-models/Qwen2.5-7B-Instruct@v1.0.0/");
    expect(preview.weightLocations.get("qwen7b-uploaded")).toBe("oss://llmfleet-weights-models/Qwen2.5-7B-Instruct/");
  });

  it("gives the fetch its own RAM role beside the read-only serving role", () => {
    const roles = preview.resources.filter((resource) => resource.type === "alicloud:ram/role:Role");
    expect(roles).toHaveLength(2);
    const writer = preview.resources.find((resource) => resource.type === "alicloud:ram/policy:Policy" && String(resource.inputs["policyName"]).endsWith("-write"));
    expect(JSON.parse(String(writer?.inputs["policyDocument"]))).toMatchObject({
      Statement: [{ Condition: { StringLike: { "oss:Prefix": "Qwen2.5-7B-Instruct@v1.0.0/*" } } }, { Resource: ["acs:oss:*:*:llmfleet-weights-models/Qwen2.5-7B-Instruct@v1.0.0/*"] }],
    });
  });

  it("makes the fetched deployments wait for the marker and copy to the node disk; the uploaded one reads the bucket", () => {
    const init = (name: string): unknown[] => (at(objects("Deployment").find((d) => d.metadata.name === name), "spec", "template", "spec", "initContainers") ?? []) as unknown[];
    expect(init("qwen7b").map((container) => at(container, "name"))).toEqual(["wait-for-weights", "cache-weights"]);
    expect(init("qwen7b-uploaded")).toEqual([]);
  });

  it("estimates a cold and a warm start for the cached deployments", () => {
    expect(preview.startups.get("qwen7b")).toMatchObject({ loadsFrom: "node-disk", readSeconds: 49, localReadSeconds: 90, localReadThroughputMiBps: 162, warmSeconds: 270, coldSeconds: 319 });
    expect(preview.startups.get("qwen7b-uploaded")).toMatchObject({ loadsFrom: "storage", coldSeconds: 229, warmSeconds: 229 });
  });
});

describe("weights problems of a fleet", () => {
  it("finds none in the fixture", () => {
    const { config, locate } = parseFleet(fixtureFleet());
    const plans = planFleet(config, locate).deployments;
    expect(weightsProblems(config, plans, locate)).toEqual([]);
    expect(fleetWeightsFetches(config, plans).map((fetch) => [fetch.folder, fetch.deployments])).toEqual([["Qwen2.5-7B-Instruct@v1.0.0", ["qwen7b", "qwen7b-canary"]]]);
  });

  it("refuses a remote source without a revision, saying why it must be pinned", () => {
    const fleet = fixtureFleet();
    deployments(fleet)[0] = { ...deployments(fleet)[0], modelSource: { hub: "modelscope", repo: "Qwen/Qwen2.5-7B-Instruct" } };
    expect(() => parseFleet(fleet)).toThrow(
      /llmfleet:fleet\.deployments\[0\]\.modelSource\.revision = \(missing\): is required: without a pinned commit or tag the hub serves whatever its main branch holds that day.*Fix: add revision/,
    );
  });

  it("refuses Hugging Face from a mainland China region without a mirror, naming ModelScope as the fix", () => {
    const fleet = fixtureFleet();
    deployments(fleet)[2] = { ...deployments(fleet)[2], modelSource: { hub: "huggingface", repo: "Qwen/Qwen2.5-7B-Instruct", revision: "a09a35458c702b33eeacc393d103063234e8bc28" } };
    expect(problemsOf(fleet)).toEqual([expect.stringMatching(/^llmfleet:fleet\.deployments\[2\]\.modelSource\.hub = "huggingface": huggingface\.co is not reachable from cn-hangzhou .*Fix: use hub: modelscope/)]);
  });

  it("refuses two sources for one folder", () => {
    const fleet = fixtureFleet();
    deployments(fleet)[1] = { ...deployments(fleet)[1], modelSource: { hub: "modelscope", repo: "someone/Qwen2.5-7B-Instruct", revision: "v1.0.0" }, modelPath: "Qwen2.5-7B-Instruct" };
    expect(problemsOf(fleet)).toEqual([expect.stringMatching(/^llmfleet:fleet\.deployments\[1\]\.modelSource\.repo = "someone\/Qwen2\.5-7B-Instruct": deployment qwen7b fetches modelscope:Qwen\/Qwen2\.5-7B-Instruct into the same folder/)]);
  });

  it("refuses fetching into NAS storage", () => {
    const fleet = { ...fixtureFleet(), storage: { kind: "nas" } };
    expect(problemsOf(fleet)).toEqual([
      expect.stringMatching(/^llmfleet:fleet\.deployments\[0\]\.modelSource\.hub = "modelscope": the fetch Job writes through an OSS volume/),
      expect.stringMatching(/^llmfleet:fleet\.deployments\[1\]\.modelSource\.hub/),
    ]);
  });

  it("finds a pool whose data disk cannot hold every model its deployments cache", () => {
    const fleet = fixtureFleet();
    deployments(fleet)[2] = { ...deployments(fleet)[2], model: "qwen2.5-14b-instruct", weightsCache: "node-disk" };
    (fleet["nodePools"] as Record<string, unknown>[])[0] = { name: "a10x4", gpu: "ecs.gn7i-4x.16xlarge", dataDiskGiB: 50 };
    for (const d of deployments(fleet)) d["pool"] = "a10x4";
    expect(problemsOf(fleet)).toEqual([
      expect.stringMatching(
        /^llmfleet:fleet\.nodePools\[0\]\.dataDiskGiB = 50: the models the pool's deployments cache on the node disk \(Qwen2\.5-7B-Instruct@v1\.0\.0 15 GiB, Qwen2\.5-14B-Instruct 28 GiB\) and the compile caches \(20 GiB\) need 63 GiB.*Fix: raise dataDiskGiB to at least 63, or set weightsCache: none on a deployment of pool a10x4$/,
      ),
    ]);
  });

  it("names storage.bucket when an OSS storage has none, and says which bucket to name", () => {
    const fleet = { ...fixtureFleet(), storage: { kind: "oss", create: false } };
    expect(() => parseFleet(fleet)).toThrow(
      /llmfleet:fleet\.storage\.bucket = \(missing\): is required: an OSS model storage names the bucket that holds the weights — with create: false \(the default\) one that already exists in the stack's region/,
    );
  });
});
