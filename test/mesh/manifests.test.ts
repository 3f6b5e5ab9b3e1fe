import { describe, expect, it } from "vitest";
import { manifestProblems } from "../../src/k8s/index.js";
import { meshObjects } from "../../src/mesh/index.js";
import { SCRAPER, servedModels } from "./fixtures.js";

const objects = meshObjects(servedModels(), SCRAPER);

describe("mesh objects against the upstream Istio and Kubernetes schemas", () => {
  it.each(objects.map((object) => [`${object.kind} ${object.metadata.namespace}/${object.metadata.name}`, object] as const))(
    "%s validates",
    async (_ref, object) => {
      expect(await manifestProblems(object)).toEqual([]);
    },
  );

  it("emits each object once (no two objects share kind, namespace and name)", () => {
    const keys = objects.map((object) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("emits the per-namespace objects for each serving namespace and every kind the issue asks for", () => {
    const kinds = new Set(objects.map((object) => object.kind));
    for (const kind of ["Gateway", "VirtualService", "DestinationRule", "PeerAuthentication", "AuthorizationPolicy", "RequestAuthentication", "Sidecar"]) {
      expect(kinds).toContain(kind);
    }
    const peerAuthentications = objects.filter((object) => object.kind === "PeerAuthentication").map((object) => object.metadata.namespace);
    expect(peerAuthentications).toEqual(["llm-large", "llm-serving"]);
  });
});
