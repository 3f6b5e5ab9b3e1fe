/**
 * Service-account tokens and RBAC: model servers do not talk to the Kubernetes API, so their pods
 * mount no token and use a dedicated ServiceAccount, and nothing is bound to cluster-admin.
 */
import { isKind, kubernetesObjectOf } from "../kubernetes.js";
import { podTemplatesOf } from "../podTemplates.js";
import { violation, type ResourceRule, type Violation } from "../types.js";
import { at, isUnknown, objectsAt, stringAt, stringsAt } from "../values.js";

const TOKEN_WHY = "a mounted token lets anyone who gets code execution in the engine (trust-remote-code, a vulnerable tokenizer) call the Kubernetes API";

export const saRbac: ResourceRule = {
  name: "sa-rbac",
  description: "Pods and ServiceAccounts set automountServiceAccountToken: false, pods use a dedicated ServiceAccount, and no binding grants cluster-admin or wildcard rules.",
  defaultEnforcement: "advisory",
  scope: "resource",
  chartObjects: "skipped",
  check(resource) {
    const object = kubernetesObjectOf(resource);
    if (object === undefined) return [];
    const found: Violation[] = [];
    for (const template of podTemplatesOf(resource)) {
      const automount = at(template.spec, "automountServiceAccountToken");
      if (isUnknown(automount)) {
        found.push(violation(this.name, resource, {
          what: `${template.where} has automountServiceAccountToken unknown during preview`,
          why: "a security setting that is only known after deployment cannot be checked before it",
          fix: "set automountServiceAccountToken from a plain value",
        }));
      } else if (automount !== false) {
        found.push(violation(this.name, resource, {
          what: `${template.where} mounts a service-account token`,
          why: TOKEN_WHY,
          fix: "set automountServiceAccountToken: false in the pod spec",
        }));
      }
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
