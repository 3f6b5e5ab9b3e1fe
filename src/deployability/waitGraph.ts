/**
 * What each resource waits for before Pulumi creates it: its own dependencies, its ancestors'
 * (a child is registered only once its parent's URN is known, and a component's URN is known only
 * after everything it `dependsOn` exists), and transitively everything those wait for.
 */
import type { DeployedResource } from "./types.js";

export function waitGraph(resources: readonly DeployedResource[]): ReadonlyMap<string, ReadonlySet<string>> {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const memo = new Map<string, Set<string>>();
  const visiting = new Set<string>();
  const waitsFor = (urn: string): Set<string> => {
    const known = memo.get(urn);
    if (known !== undefined) return known;
    const all = new Set<string>();
    if (visiting.has(urn)) return all;
    visiting.add(urn);
    const resource = byUrn.get(urn);
    if (resource !== undefined) {
      const direct = [...resource.dependencies, ...(resource.parentUrn === null ? [] : [resource.parentUrn])];
      for (const dependency of direct) {
        if (dependency !== resource.parentUrn) all.add(dependency);
        for (const further of waitsFor(dependency)) all.add(further);
      }
    }
    visiting.delete(urn);
    memo.set(urn, all);
    return all;
  };
  return new Map(resources.map((r) => [r.urn, waitsFor(r.urn)]));
}
