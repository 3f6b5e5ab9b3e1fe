/**
 * Regenerates src/k8s/crds/*.json from the upstream CustomResourceDefinitions that the team keeps in
 * ../shared/schemas. Run by hand when the upstream CRDs change: `npx tsx scripts/extract-crd-schemas.ts`.
 * The project never reads ../shared at run time; test/k8s/crdSchemas.test.ts cross-checks the copy.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { crdSchemaSources, extractCrdSchema } from "../src/k8s/crdSchema.js";

const sharedDir = fileURLToPath(new URL("../../shared/schemas/", import.meta.url));
for (const source of crdSchemaSources) {
  const schema = extractCrdSchema(readFileSync(sharedDir + source.upstreamFile, "utf8"), source.version);
  const target = fileURLToPath(new URL(`../src/k8s/crds/${source.file}`, import.meta.url));
  writeFileSync(target, JSON.stringify(schema) + "\n");
  console.log(`${source.file}: ${JSON.stringify(schema).length} bytes`);
}
