import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { crdSchemaSources, extractCrdSchema } from "../../src/k8s/crdSchema.js";

/** The team's upstream CRDs (../shared/schemas); absent outside the team workspace, where the kept copies stand alone. */
const sharedDir = fileURLToPath(new URL("../../../shared/schemas/", import.meta.url));
const keptDir = fileURLToPath(new URL("../../src/k8s/crds/", import.meta.url));

describe.each(crdSchemaSources)("$kind $version schema kept in src/k8s/crds", (source) => {
  it("is an openAPIV3 object schema with a spec", () => {
    const kept = JSON.parse(readFileSync(keptDir + source.file, "utf8")) as { type?: string; properties?: Record<string, unknown> };
    expect(kept.type).toBe("object");
    expect(kept.properties).toHaveProperty("spec");
  });

  it.skipIf(!existsSync(sharedDir + source.upstreamFile))("matches the upstream CRD in ../shared/schemas", () => {
    const upstream = extractCrdSchema(readFileSync(sharedDir + source.upstreamFile, "utf8"), source.version);
    expect(JSON.parse(readFileSync(keptDir + source.file, "utf8"))).toEqual(upstream);
  });
});
