import { describe, expect, it } from "vitest";
import { stackResourceNames } from "../../src/stack/index.js";

describe("stack-derived cloud names", () => {
  it("staging and batch, both environment staging, get different cluster, RAM role and RAM policy names", () => {
    const staging = stackResourceNames("llmfleet", "staging");
    const batch = stackResourceNames("llmfleet", "batch");
    expect(staging).toEqual({ clusterName: "llmfleet-staging", modelReaderRoleName: "llmfleet-staging-models-oss-reader" });
    expect(batch).toEqual({ clusterName: "llmfleet-batch", modelReaderRoleName: "llmfleet-batch-models-oss-reader" });
    // The RAM policy is named after the role (`<role>-read`).
    expect(`${staging.modelReaderRoleName}-read`).not.toBe(`${batch.modelReaderRoleName}-read`);
  });

  it("keeps names within ACK's 63 and RAM's 64 characters, as labels without a trailing dash", () => {
    const names = stackResourceNames("Inference_Platform", `${"team-a.".repeat(12)}prod`);
    expect(names.clusterName.length).toBeLessThanOrEqual(63);
    expect(names.modelReaderRoleName.length).toBeLessThanOrEqual(64);
    expect(names.clusterName).toMatch(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/);
    expect(names.modelReaderRoleName).toMatch(/^inference-platform-team-a-.*[a-z0-9]-models-oss-reader$/);
  });
});
