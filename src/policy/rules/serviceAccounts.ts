/**
 * Service-account tokens and RBAC: model servers do not talk to the Kubernetes API, so their pods
 * mount no token and use a dedicated ServiceAccount, and nothing is bound to cluster-admin. The one
 * exception is the endpoint picker, which watches its InferencePool and pods and so needs its token:
 * its pods may mount it, and what the token may do is checked by `endpoint-picker-rbac`.
 */
import { isEndpointPickerLabelled } from "../inferencePools.js";
import { isKind, kubernetesObjectOf } from "../kubernetes.js";
import { podTemplatesOf } from "../podTemplates.js";
import { violation, type PolicyResource, type ResourceRule, type Violation } from "../types.js";
import { at, isUnknown, objectsAt, stringAt, stringsAt } from "../values.js";

const TOKEN_WHY = "a mounted token lets anyone who gets code execution in the engine (trust-remote-code, a vulnerable tokenizer) call the Kubernetes API";

function tokenViolations(rule: string, resource: PolicyResource, where: string, automount: unknown): Violation[] {
  if (isUnknown(automount)) {
    return [violation(rule, resource, {
      what: `${where} has automountServiceAccountToken unknown during preview`,
      why: "a security setting that is only known after deployment cannot be checked before it",
      fix: "set automountServiceAccountToken from a plain value",
    })];
  }
  if (automount === false) return [];
  return [violation(rule, resource, {
    what: `${where} mounts a service-account token`,
    why: TOKEN_WHY,
    fix: "set automountServiceAccountToken: false in the pod spec",
  })];
}

export const saRbac: ResourceRule = {
  name: "sa-rbac",
  description: "Pods (except endpoint pickers, which watch the API) and ServiceAccounts set automountServiceAccountToken: false, pods use a dedicated ServiceAccount, and no binding grants cluster-admin or wildcard rules.",
  defaultEnforcement: "advisory",
  scope: "resource",
  chartObjects: "skipped",
  check(resource) {
    const object = kubernetesObjectOf(resource);
    if (object === undefined) return [];
    const found: Violation[] = [];
    for (const template of podTemplatesOf(resource)) {
      const automount = at(template.spec, "automountServiceAccountToken");
      // The endpoint picker watches the API with its token; endpoint-picker-rbac scopes what it may do.
      if (!isEndpointPickerLabelled(template.labels)) found.push(...tokenViolations(this.name, resource, template.where, automount));
      const account = stringAt(template.spec, "serviceAccountName");
      if (at(template.spec, "serviceAccountName") === undefined || account === "default") {
        found.push(violation(this.name, resource, {
          what: `${template.where} runs as the namespace's default ServiceAccount`,
          why: "permissions granted to the default account for any other purpose silently apply to the model server too",
          fix: "create a ServiceAccount for the workload and set serviceAccountName",
        }));
      }
    }
    if (isKind(object, "", "ServiceAccount") && at(object.body, "automountServiceAccountToken") !== false) {
      found.push(violation(this.name, resource, {
        what: `${object.ref} does not set automountServiceAccountToken: false`,
        why: TOKEN_WHY,
        fix: "set automountServiceAccountToken: false on the ServiceAccount",
      }));
    }
    const binding = isKind(object, "rbac.authorization.k8s.io", "RoleBinding") || isKind(object, "rbac.authorization.k8s.io", "ClusterRoleBinding");
    if (binding && stringAt(object.body, "roleRef", "name") === "cluster-admin") {
      found.push(violation(this.name, resource, {
        what: `${object.ref} grants cluster-admin`,
        why: "every subject of the binding can do anything in the cluster, including reading all Secrets",
        fix: "bind a Role with only the verbs and resources the subject needs",
      }));
    }
    const role = isKind(object, "rbac.authorization.k8s.io", "Role") || isKind(object, "rbac.authorization.k8s.io", "ClusterRole");
    const wildcard = objectsAt(object.body, "rules").some((rule) => stringsAt(rule, "verbs").includes("*") && stringsAt(rule, "resources").includes("*"));
    if (role && wildcard) {
      found.push(violation(this.name, resource, {
        what: `${object.ref} allows every verb on every resource`,
        why: "a wildcard rule is cluster-admin under another name",
        fix: "list the verbs and resources the role needs",
      }));
    }
    return found;
  },
};
