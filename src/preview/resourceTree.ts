import type { RecordedResource } from "./recorder.js";

/** Resource counts by type, most frequent first. */
export function countsByType(resources: readonly RecordedResource[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const resource of resources) counts.set(resource.type, (counts.get(resource.type) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The parent tree as indented lines: `name (type)`, children under their parent in registration order. */
export function parentTree(resources: readonly RecordedResource[]): string[] {
  const children = new Map<string | null, RecordedResource[]>();
  const known = new Set(resources.map((r) => r.urn));
  for (const resource of resources) {
    const parent = resource.parentUrn !== null && known.has(resource.parentUrn) ? resource.parentUrn : null;
    children.set(parent, [...(children.get(parent) ?? []), resource]);
  }
  const lines: string[] = [];
  const walk = (parent: string | null, depth: number): void => {
    for (const child of children.get(parent) ?? []) {
      lines.push(`${"  ".repeat(depth)}${child.name} (${child.type})`);
      walk(child.urn, depth + 1);
    }
  };
  walk(null, 0);
  return lines;
}
