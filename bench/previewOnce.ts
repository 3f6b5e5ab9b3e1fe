/** One offline preview in this process; prints {seconds, peakRssMiB, resources, objects} as JSON. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { claimOutputFolder } from "../src/preview/outputFolder.js";
import { writePreview } from "../src/preview/report.js";
import { previewStack } from "../src/preview/runStack.js";
import { loadStackFile } from "../src/preview/stackFile.js";

const [flag, value] = process.argv.slice(2);
const start = performance.now();
const file = loadStackFile(flag === "--stack" ? { stack: value } : { configFile: value });
const preview = await previewStack(file);
writePreview(preview, claimOutputFolder(mkdtempSync(join(tmpdir(), "llmfleet-bench-"))));
const seconds = (performance.now() - start) / 1000;
console.log(
  JSON.stringify({ seconds, peakRssMiB: process.resourceUsage().maxRSS / 1024, resources: preview.resources.length, objects: preview.manifests.objects.length }),
);
