import type { RegistryMirror } from "../registry/index.js";

/**
 * What the deployability rules read: every resource the stack registers, with the resources it
 * waits for. Plain data (the preview's recorded resources fit it), so the rules are pure.
 */

export interface DeployedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly parentUrn: string | null;
  readonly custom: boolean;
  readonly inputs: Readonly<Record<string, unknown>>;
  /** URNs it waits for directly (dependsOn and input sources). */
  readonly dependencies: readonly string[];
}

/** One reason a real `pulumi up` would fail or hang, with the resource, why, and the fix. */
export interface DeployabilityFinding {
  readonly rule: "apply-order" | "scheduling" | "references" | "sources";
  readonly resource: string;
  readonly message: string;
}

/** A pool llmfleet does not create but the stack declares (`cluster.systemPool` of an existing cluster). */
export interface DeclaredPool {
  readonly name: string;
  readonly instanceType: string;
  readonly nodes: number;
}

/** A Secret or ConfigMap created outside the stack, with the command that creates it. */
export interface ExternalObject {
  readonly kind: "Secret" | "ConfigMap";
  readonly namespace: string;
  readonly name: string;
  readonly createdBy: string;
}

export interface DeployabilityContext {
  readonly declaredPools: readonly DeclaredPool[];
  readonly externalObjects: readonly ExternalObject[];
  /** The stack's registry mirror: every image and chart must come from it. */
  readonly registry?: RegistryMirror | undefined;
}

export function finding(rule: DeployabilityFinding["rule"], resource: string, what: string, why: string, fix: string): DeployabilityFinding {
  return { rule, resource, message: `${what}: ${why}. Fix: ${fix}` };
}
