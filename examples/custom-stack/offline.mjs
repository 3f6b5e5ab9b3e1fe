// Runs the built program (dist/index.js) offline under llmfleet's mock engine — no cloud account,
// no Pulumi CLI — and prints the resource types it registered and the Qwen3-32B plan as JSON.
// The same runUnderMocks serves a team's own tests (see llmfleet's README, "Testing your program").
import * as pulumi from "@pulumi/pulumi";
import { runUnderMocks, valueOf } from "llmfleet";

const { resources, result } = await runUnderMocks(() => import("./dist/index.js"), {
  project: "custom-stack",
  stack: "test",
  config: {
    "custom-stack:clusterId": "c0123456789abcdef",
    "custom-stack:vswitchIds": ["vsw-a", "vsw-b"],
    "custom-stack:nasMountTarget": "0a1b2c3d-xyz.cn-hangzhou.nas.aliyuncs.com",
  },
});
const plan = await valueOf(pulumi.output(result.plan));
console.log(JSON.stringify({ types: resources.map((r) => r.type), plan }));
