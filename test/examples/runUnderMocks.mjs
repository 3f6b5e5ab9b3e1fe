// Runs the compiled example program under llmfleet's recording mock engine and prints what it registered.
import * as pulumi from "@pulumi/pulumi";
import { settle, startMockSession } from "llmfleet";

const session = startMockSession("custom-stack", "test");
pulumi.runtime.setAllConfig({
  "custom-stack:clusterId": "c0123456789abcdef",
  "custom-stack:vswitchIds": JSON.stringify(["vsw-a", "vsw-b"]),
  "custom-stack:nasMountTarget": "0a1b2c3d-xyz.cn-hangzhou.nas.aliyuncs.com",
});
const program = await import("./dist/index.js");
await settle();
const plan = await new Promise((resolve) => pulumi.output(program.plan).apply(resolve));
console.log(JSON.stringify({ types: session.resources.map((r) => r.type), plan }));
