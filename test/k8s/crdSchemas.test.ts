import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { crdSchemaSources } from "../../src/k8s/crdSchema.js";

/**
 * The CRD schemas kept in src/k8s/crds stand alone: `scripts/extract-crd-schemas.ts --check`
 * compares them with the upstream CRDs when those are at hand; the tests never need them.
 */
const keptDir = fileURLToPath(new URL("../../src/k8s/crds/", import.meta.url));

describe.each(crdSchemaSources)("$kind $version schema kept in src/k8s/crds", (source) => {
  const kept = JSON.parse(readFileSync(keptDir + source.file, "utf8")) as { type?: string; properties?: Record<string, Record<string, unknown>> };

  it("is an openAPIV3 object schema with a spec", () => {
    expect(kept.type).toBe("object");
    expect(kept.properties).toHaveProperty("spec");
  });

  it("describes the fields llmfleet writes", () => {
    const spec = JSON.stringify(kept.properties?.["spec"]);
    for (const field of source.fieldsWritten) expect(spec).toContain(`"${field}"`);
  });
});
