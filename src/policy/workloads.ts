/** The workloads of a stack with their pod templates, for stack rules that match selectors against pods. */
import { kubernetesObjectsOf, type PolicyObject } from "./kubernetes.js";
import { podTemplatesOfObject, type PodTemplate } from "./podTemplates.js";
import type { PolicyResource } from "./types.js";

export interface Workload {
  readonly resource: PolicyResource;
  readonly object: PolicyObject;
  readonly templates: readonly PodTemplate[];
}

/** Every resource of the stack that runs pods. */
export function workloadsOf(resources: readonly PolicyResource[]): Workload[] {
  return kubernetesObjectsOf(resources).flatMap(({ resource, object }) => {
    const templates = podTemplatesOfObject(object);
    return templates.length === 0 ? [] : [{ resource, object, templates }];
  });
}

/** Namespaces that run pods, in first-seen order (unknown namespaces left out). */
export function workloadNamespaces(workloads: readonly Workload[]): string[] {
  return [...new Set(workloads.flatMap((workload) => (workload.object.namespace === undefined ? [] : [workload.object.namespace])))];
}
