import { describe, expect, it } from "vitest";
import { startupLine } from "../../src/preview/report.js";
import { estimateStartup } from "../../src/workload/loadTime.js";

// Qwen2.5-72B-Instruct in bf16 on one node, TP 4 (the prod stack's qwen72b).
const qwen72b = { weightBytes: 145.4e9, readThroughputMiBps: 300, nodes: 1, checkpointReads: 4 };

describe("the preview's start line", () => {
  it("prints a cold and a warm start for a node-cached deployment, with the copy and the local read", () => {
    expect(startupLine(estimateStartup({ ...qwen72b, nodeDisk: { readThroughputMiBps: 333, pageCacheHoldsCopy: true } }))).toBe(
      "start ≈ 1,060 s cold, 597 s warm per replica (weights cached on the node disk: a cold node copies them once from the model storage at 300 MiB/s, 463 s; " +
        "then the ranks read the local copy at 333 MiB/s, 417 s, and engine start-up; a warm node skips the copy); the startup probe allows 1,590 s",
    );
  });

  it("says a deployment reading the storage costs the same cold or warm", () => {
    expect(startupLine(estimateStartup(qwen72b))).toBe(
      "start ≈ 2,029 s per replica, cold or warm (the checkpoint read 4 × from the model storage at 300 MiB/s: 1,849 s; then engine start-up); the startup probe allows 3,050 s",
    );
  });
});
