/** Queries over the resources a mock session recorded, shared by the component tests. */
import type { MockSession, RecordedResource } from "../../src/preview/index.js";

/** Any spelling of an Alibaba Cloud AccessKey field an object could carry. */
export const ACCESS_KEY_PATTERN = /access_?key|akId|akSecret|accessKeySecret|secretKey/i;

export function component(session: MockSession, type: string, name: string): RecordedResource {
  const found = session.resources.find((resource) => resource.type === type && resource.name === name);
  if (found === undefined) throw new Error(`no ${type} named ${name} was registered`);
  return found;
}

export function childrenOf(session: MockSession, parent: RecordedResource): RecordedResource[] {
  return session.resources.filter((resource) => resource.parentUrn === parent.urn);
}

/** Child types and how many of each, e.g. `{ "alicloud:vpc/switch:Switch": 4 }`. */
export function typeCounts(resources: readonly RecordedResource[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const resource of resources) counts[resource.type] = (counts[resource.type] ?? 0) + 1;
  return counts;
}

/** URN of the provider a resource was given explicitly (the reference is `<urn>::<id>`). */
export function providerUrnOf(resource: RecordedResource): string | null {
  return resource.provider === null ? null : resource.provider.slice(0, resource.provider.lastIndexOf("::"));
}
