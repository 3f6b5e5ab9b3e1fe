/**
 * Regenerates src/k8s/crds/*.json from upstream CustomResourceDefinitions (the team keeps copies in
 * ../shared/schemas; any folder holding the same files works). Run by hand when the upstream CRDs
 * change: `npx tsx scripts/extract-crd-schemas.ts [DIR]`; `--check` compares instead of writing and
 * exits 1 on a difference. The project and its tests never read the upstream folder.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { crdSchemaSources, extractCrdSchema } from "../src/k8s/crdSchema.js";

const check = process.argv.includes("--check");
const dirArgument = process.argv.slice(2).find((argument) => !argument.startsWith("--"));
const upstreamDir = dirArgument === undefined ? fileURLToPath(new URL("../../shared/schemas/", import.meta.url)) : `${dirArgument.replace(/\/$/, "")}/`;
let differs = false;
for (const source of crdSchemaSources) {
  const schema = extractCrdSchema(readFileSync(upstreamDir + source.upstreamFile, "utf8"), source.version);
  const target = fileURLToPath(new URL(`../src/k8s/crds/${source.file}`, import.meta.url));
  if (check) {
    const same = isDeepStrictEqual(JSON.parse(readFileSync(target, "utf8")), schema);
    differs ||= !same;
    console.log(`${source.file}: ${same ? "matches upstream" : "DIFFERS from upstream"}`);
  } else {
    writeFileSync(target, JSON.stringify(schema) + "\n");
    console.log(`${source.file}: ${JSON.stringify(schema).length} bytes`);
  }
}
process.exitCode = differs ? 1 : 0;
