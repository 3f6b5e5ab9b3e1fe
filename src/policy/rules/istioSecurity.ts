/**
 * Mesh security: mutual TLS is STRICT (Istio's default PERMISSIVE accepts plain text), and
 * authorization starts from allow-nothing with ALLOW rules that name positive paths, so vLLM's
 * unauthenticated endpoints (/invocations, /pause, /tokenize) stay unreachable (vllm #18892).
 */
import { isKind, kubernetesObjectsOf, type PolicyObject } from "../kubernetes.js";
import { meshInUse } from "../mesh.js";
import { violation, type PolicyResource, type StackRule, type Violation } from "../types.js";
import { at, isObject, isUnknown, objectAt, objectsAt, stringAt, stringsAt } from "../values.js";
import { workloadNamespaces, workloadsOf } from "../workloads.js";

interface MeshObject {
  readonly resource: PolicyResource;
  readonly object: PolicyObject;
}

function meshObjects(resources: readonly PolicyResource[], kind: string): MeshObject[] {
  return kubernetesObjectsOf(resources).filter(({ object }) => isKind(object, "security.istio.io", kind));
}

/** Namespaces a namespace-wide policy must cover: those with workloads. */
function namespacesMissing(resources: readonly PolicyResource[], policies: readonly MeshObject[], rootNamespace: string, covers: (policy: PolicyObject) => boolean): string[] {
  if (policies.some(({ object }) => object.namespace === rootNamespace && covers(object))) return [];
  return workloadNamespaces(workloadsOf(resources)).filter((namespace) => !policies.some(({ object }) => object.namespace === namespace && covers(object)));
}

function hasNoSelector(policy: PolicyObject): boolean {
  return at(policy.body, "spec", "selector") === undefined;
}

export const istioMtlsStrict: StackRule = {
  name: "istio-mtls-strict",
  description: "With a mesh, a PeerAuthentication sets mTLS STRICT mesh-wide or in every workload namespace, and none sets PERMISSIVE or DISABLE.",
  defaultEnforcement: "mandatory",
  scope: "stack",
  chartObjects: "skipped",
  check(resources, config) {
    if (!meshInUse(resources)) return [];
    const peerAuthentications = meshObjects(resources, "PeerAuthentication");
    const found: Violation[] = peerAuthentications.flatMap(({ resource, object }): Violation[] => {
      const portModes = Object.values(objectAt(object.body, "spec", "portLevelMtls") ?? {}).map((port) => at(port, "mode"));
      const modes = [at(object.body, "spec", "mtls", "mode"), ...portModes];
      if (modes.some(isUnknown)) {
        return [violation(this.name, resource, {
          what: `${object.ref} has an mTLS mode unknown during preview`,
          why: "whether plain-text traffic is accepted has to be known before deployment",
          fix: "set spec.mtls.mode from a plain value",
        })];
      }
      const weak = modes.filter((mode): mode is string => mode === "PERMISSIVE" || mode === "DISABLE");
      return weak.length === 0 ? [] : [violation(this.name, resource, {
        what: `${object.ref} sets mTLS ${weak.join(", ")}`,
        why: "the workloads then accept plain-text connections that skip peer identity and every AuthorizationPolicy source rule",
        fix: "set spec.mtls.mode: STRICT (and remove PERMISSIVE or DISABLE port-level overrides)",
      })];
    });
    const strict = (policy: PolicyObject): boolean => hasNoSelector(policy) && stringAt(policy.body, "spec", "mtls", "mode") === "STRICT";
    for (const namespace of namespacesMissing(resources, peerAuthentications, config.meshRootNamespace, strict)) {
      found.push(violation(this.name, null, {
        what: `namespace ${namespace} runs workloads in the mesh without a STRICT PeerAuthentication`,
        why: "Istio's default is PERMISSIVE, which accepts plain text from anything that can reach the pod",
        fix: `add a PeerAuthentication with spec.mtls.mode: STRICT in ${config.meshRootNamespace} (mesh-wide) or in ${namespace}`,
      }));
    }
    return found;
  },
};

/** An AuthorizationPolicy with an empty spec: it selects every workload and allows nothing. */
function isAllowNothing(policy: PolicyObject): boolean {
  const spec = at(policy.body, "spec");
  return spec === undefined || (isObject(spec) && Object.keys(spec).length === 0);
}

const WILDCARD_PATHS = new Set(["*", "/*", "/"]);

/** Paths listed without wildcards, or (for TCP traffic such as NCCL) ports only. */
function namesPositivePaths(operation: unknown): boolean {
  const paths = stringsAt(operation, "paths");
  if (paths.length > 0) return paths.every((path) => !WILDCARD_PATHS.has(path));
  return stringsAt(operation, "notPaths").length === 0 && stringsAt(operation, "ports").length > 0;
}

function requiresRequestPrincipal(policy: PolicyObject): boolean {
  return objectsAt(policy.body, "spec", "rules").some((rule) => objectsAt(rule, "from").some((from) => stringsAt(from, "source", "requestPrincipals").length > 0));
}

function allowRuleViolations(rule: string, resource: PolicyResource, policy: PolicyObject): Violation[] {
  if ((stringAt(policy.body, "spec", "action") ?? "ALLOW") !== "ALLOW") return [];
  return objectsAt(policy.body, "spec", "rules").flatMap((allowRule, index): Violation[] => {
    const operations = objectsAt(allowRule, "to").map((to) => at(to, "operation"));
    const positive = operations.length > 0 && operations.every(namesPositivePaths);
    if (positive) return [];
    return [violation(rule, resource, {
      what: `${policy.ref} rule ${index} allows requests without naming the paths`,
      why: "an ALLOW rule without positive paths (or with notPaths or a wildcard) also opens vLLM's unauthenticated endpoints such as /invocations, /pause and /tokenize",
      fix: 'list the allowed paths in to.operation.paths, e.g. ["/v1/chat/completions", "/v1/completions", "/v1/models"]',
    })];
  });
}

export const istioAuthz: StackRule = {
  name: "istio-authz",
  description: "With a mesh, an allow-nothing AuthorizationPolicy covers every workload namespace, ALLOW rules name positive paths, and a RequestAuthentication is paired with a requestPrincipals rule.",
  defaultEnforcement: "mandatory",
  scope: "stack",
  chartObjects: "skipped",
  check(resources, config) {
    if (!meshInUse(resources)) return [];
    const policies = meshObjects(resources, "AuthorizationPolicy");
    const found = policies.flatMap(({ resource, object }) => allowRuleViolations(this.name, resource, object));
    for (const namespace of namespacesMissing(resources, policies, config.meshRootNamespace, isAllowNothing)) {
      found.push(violation(this.name, null, {
        what: `namespace ${namespace} has no allow-nothing AuthorizationPolicy`,
        why: "without one every request that passes mTLS is allowed, including vLLM's unauthenticated endpoints",
        fix: `add an AuthorizationPolicy with an empty spec ({}) in ${namespace}, then ALLOW policies with positive paths`,
      }));
    }
    for (const { resource, object } of meshObjects(resources, "RequestAuthentication")) {
      if (policies.some(({ object: policy }) => (policy.namespace === object.namespace || policy.namespace === config.meshRootNamespace) && requiresRequestPrincipal(policy))) continue;
      found.push(violation(this.name, resource, {
        what: `${object.ref} is not paired with an AuthorizationPolicy requiring requestPrincipals`,
        why: "a RequestAuthentication only rejects invalid tokens: requests with no token at all are still accepted",
        fix: 'add an ALLOW AuthorizationPolicy whose rules have from.source.requestPrincipals: ["*"] (or the issuer/subject you expect)',
      }));
    }
    return found;
  },
};
