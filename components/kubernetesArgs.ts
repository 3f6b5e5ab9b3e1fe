/**
 * Turns a builder's plain Kubernetes object into the args of the matching `@pulumi/kubernetes`
 * class. The builders return loosely typed data whose shape the tests check against the upstream
 * schema (src/k8s); the cast restates that for the compiler, it is not a new check.
 */
import type { KubernetesObject } from "../src/k8s/index.js";

export function kubernetesArgs<Args extends object>(object: KubernetesObject): Args {
  // apiVersion and kind are fixed by the resource class the args are given to.
  const { apiVersion: _apiVersion, kind: _kind, ...fields } = object;
  return fields as Args;
}
