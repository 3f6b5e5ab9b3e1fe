/**
 * The endpoint picker talks to the Kubernetes API (it watches its pool and the pods it selects), so
 * unlike the engines it has a token; what that token may do is kept to what Gateway API Inference
 * Extension v1.5.0's own chart grants it: read pods (`config/charts/epplib/templates/_rbac.yaml`),
 * read inferencepools, inferenceobjectives and inferencemodelrewrites
 * (`config/charts/inferencepool/templates/rbac.yaml`), leases and events only with leader election
 * (`_leader-election-rbac.yaml`, rendered when replicas > 1, which also passes
 * `--ha-enable-leader-election`), and a ClusterRole only for authenticated metrics (tokenreviews
 * and subjectaccessreviews, `_rbac.yaml`, rendered when `--metrics-endpoint-auth` stays on).
 */
import { apiGroupOf, isKind, kubernetesObjectsOf, type PolicyObject } from "../kubernetes.js";
import { endpointPickerTemplates, type PodKind } from "../inferencePools.js";
import { argvOf, containersOf } from "../podTemplates.js";
import { violation, type PolicyResource, type StackRule, type Violation } from "../types.js";
import { at, objectsAt, stringAt, stringsAt, type PlainObject } from "../values.js";

const RBAC = "rbac.authorization.k8s.io";
const READ = new Set(["get", "list", "watch"]);

/** What the picker may read, by API group. */
const READABLE: Readonly<Record<string, readonly string[]>> = {
  "": ["pods"],
  "inference.networking.k8s.io": ["inferencepools"],
  "inference.networking.x-k8s.io": ["inferenceobjectives", "inferencemodelrewrites"],
};
/** What leader election writes, with the verbs upstream grants. */
const LEADER_ELECTION: Readonly<Record<string, { readonly resources: readonly string[]; readonly verbs: readonly string[] }>> = {
  "coordination.k8s.io": { resources: ["leases"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] },
  "": { resources: ["events"], verbs: ["create", "patch"] },
};
/** The metrics-authentication ClusterRole's rules. */
const METRICS_AUTH: Readonly<Record<string, { readonly resources: readonly string[]; readonly verbs: readonly string[] }>> = {
  "authentication.k8s.io": { resources: ["tokenreviews"], verbs: ["create"] },
  "authorization.k8s.io": { resources: ["subjectaccessreviews"], verbs: ["create"] },
};
/** What the picker cannot start without: it lists and watches its pool and the pods. */
const REQUIRED: readonly (readonly [string, string])[] = [
  ["", "pods"],
  ["inference.networking.k8s.io", "inferencepools"],
];

/**
 * The flag that turns metrics authentication off. Upstream's default is on (`pkg/epp/server/options.go`:
 * `MetricsEndpointAuth: true`), and as a Go bool flag it only takes its value after `=`
 * (`--metrics-endpoint-auth false` leaves it on), in any spelling `strconv.ParseBool` reads as false.
 */
const METRICS_AUTH_OFF = /^--?metrics-endpoint-auth=(?:0|f|F|false|FALSE|False)$/;

interface PickerAccount {
  readonly pod: PodKind;
  readonly namespace: string;
  readonly serviceAccount: string;
  readonly leaderElection: boolean;
  readonly metricsAuth: boolean;
}

function pickerAccounts(resources: readonly PolicyResource[]): PickerAccount[] {
  return endpointPickerTemplates(resources).flatMap((pod): PickerAccount[] => {
    const namespace = pod.workload.object.namespace;
    if (namespace === undefined) return [];
    const argv = containersOf(pod.template).flatMap(argvOf);
    return [
      {
        pod,
        namespace,
        serviceAccount: stringAt(pod.template.spec, "serviceAccountName") ?? "default",
        leaderElection: argv.includes("--ha-enable-leader-election"),
        metricsAuth: !argv.some((token) => METRICS_AUTH_OFF.test(token)),
      },
    ];
  });
}

function bindsAccount(binding: PolicyObject, account: PickerAccount): boolean {
  return objectsAt(binding.body, "subjects").some(
    (subject) => stringAt(subject, "kind") === "ServiceAccount" && stringAt(subject, "name") === account.serviceAccount && (stringAt(subject, "namespace") ?? binding.namespace) === account.namespace,
  );
}

type Allowance = Readonly<Record<string, { readonly resources: readonly string[]; readonly verbs: readonly string[] }>>;

function within(rule: PlainObject, allowance: Allowance): boolean {
  if (stringsAt(rule, "nonResourceURLs").length > 0) return false;
  return stringsAt(rule, "apiGroups").every((group) => {
    const allowed = allowance[group];
    return allowed !== undefined && stringsAt(rule, "resources").every((name) => allowed.resources.includes(name)) && stringsAt(rule, "verbs").every((verb) => allowed.verbs.includes(verb));
  });
}

const READ_ONLY: Allowance = Object.fromEntries(Object.entries(READABLE).map(([group, resources]) => [group, { resources, verbs: [...READ] }]));

/** Why a rule is more than the picker may have, or undefined when it is within bounds. */
function excess(rule: PlainObject, account: PickerAccount, clusterWide: boolean): string | undefined {
  const lists = [...stringsAt(rule, "apiGroups"), ...stringsAt(rule, "resources"), ...stringsAt(rule, "verbs"), ...stringsAt(rule, "nonResourceURLs")];
  if (lists.includes("*")) return "uses a wildcard";
  if (clusterWide) {
    const metricsReader = stringsAt(rule, "nonResourceURLs").every((url) => url === "/metrics") && stringsAt(rule, "verbs").every((verb) => verb === "get") && stringsAt(rule, "nonResourceURLs").length > 0;
    if (account.metricsAuth && (within(rule, METRICS_AUTH) || metricsReader)) return undefined;
    return account.metricsAuth ? "grants more than token and access reviews cluster-wide" : "grants cluster-wide access, and the picker runs with --metrics-endpoint-auth=false, so it needs none";
  }
  if (within(rule, READ_ONLY)) return undefined;
  if (account.leaderElection && within(rule, LEADER_ELECTION)) return undefined;
  return account.leaderElection ? "grants more than reading pods and inference objects and leader election's leases and events" : "grants more than get, list and watch on pods, inferencepools, inferenceobjectives and inferencemodelrewrites";
}

function describeRule(rule: PlainObject): string {
  const groups = stringsAt(rule, "apiGroups").map((group) => (group === "" ? "core" : group));
  const targets = [...stringsAt(rule, "resources"), ...stringsAt(rule, "nonResourceURLs")];
  return `${stringsAt(rule, "verbs").join(",")} on ${targets.join(",")}${groups.length > 0 ? ` (${groups.join(", ")})` : ""}`;
}

function grants(rules: readonly PlainObject[], group: string, resource: string): boolean {
  return rules.some((rule) => stringsAt(rule, "apiGroups").includes(group) && stringsAt(rule, "resources").includes(resource) && ["list", "watch"].every((verb) => stringsAt(rule, "verbs").includes(verb)));
}

/**
 * Whether the picker's pods get a token: the pod's `automountServiceAccountToken` wins, else the
 * ServiceAccount's, else Kubernetes mounts one.
 */
function mountsToken(account: PickerAccount, objects: readonly { object: PolicyObject }[]): boolean {
  const pod = at(account.pod.template.spec, "automountServiceAccountToken");
  if (typeof pod === "boolean") return pod;
  const serviceAccount = objects.find(({ object }) => isKind(object, "", "ServiceAccount") && object.name === account.serviceAccount && object.namespace === account.namespace);
  return at(serviceAccount?.object.body, "automountServiceAccountToken") !== false;
}

function accountViolations(rule: string, account: PickerAccount, objects: readonly { resource: PolicyResource; object: PolicyObject }[]): Violation[] {
  const found: Violation[] = [];
  if (!mountsToken(account, objects)) {
    found.push(violation(rule, account.pod.workload.resource, {
      what: `the endpoint picker ${account.pod.template.where} mounts no service-account token`,
      why: "the picker watches its InferencePool and pods through the Kubernetes API; without a token it never becomes ready and the route fails",
      fix: "set automountServiceAccountToken: true in the picker's pod spec (its ServiceAccount may keep false)",
    }));
  }
  const granted: PlainObject[] = [];
  const bindings = objects.filter(({ object }) => (isKind(object, RBAC, "RoleBinding") || isKind(object, RBAC, "ClusterRoleBinding")) && bindsAccount(object, account));
  for (const { object: binding } of bindings) {
    const roleKind = stringAt(binding.body, "roleRef", "kind");
    const roleName = stringAt(binding.body, "roleRef", "name");
    const clusterWide = binding.kind === "ClusterRoleBinding";
    const role = objects.find(({ object }) => object.kind === roleKind && object.name === roleName && apiGroupOf(object) === RBAC && (roleKind === "ClusterRole" || object.namespace === binding.namespace));
    if (role === undefined) continue;
    const rules = objectsAt(role.object.body, "rules");
    granted.push(...rules);
    for (const roleRule of rules) {
      const reason = excess(roleRule, account, clusterWide);
      if (reason === undefined) continue;
      found.push(violation(rule, role.resource, {
        what: `${role.object.ref}, bound to the endpoint picker's ServiceAccount ${account.namespace}/${account.serviceAccount} by ${binding.ref}, ${reason}: ${describeRule(roleRule)}`,
        why: "the picker's token is reachable from the gateway's data path, so anything beyond reading its pool lets a compromise of the picker change the cluster",
        fix: clusterWide
          ? "bind a namespaced Role with a RoleBinding; keep a ClusterRole only for tokenreviews/subjectaccessreviews create when --metrics-endpoint-auth stays on"
          : 'grant only verbs ["get", "list", "watch"] on pods, inferencepools (inference.networking.k8s.io) and inferenceobjectives, inferencemodelrewrites (inference.networking.x-k8s.io)',
      }));
    }
  }
  const missing = REQUIRED.filter(([group, resource]) => !grants(granted, group, resource));
  if (missing.length > 0) {
    found.push(violation(rule, account.pod.workload.resource, {
      what: `the endpoint picker ${account.pod.template.where} (ServiceAccount ${account.namespace}/${account.serviceAccount}) may not list and watch ${missing.map(([group, resource]) => (group === "" ? resource : `${resource}.${group}`)).join(" and ")}`,
      why: "the picker watches its InferencePool and the pods it selects; without that it never becomes ready and the route fails",
      fix: `add a Role in ${account.namespace} with get, list, watch on pods and inferencepools and bind it to ServiceAccount ${account.serviceAccount}`,
    }));
  }
  return found;
}

export const endpointPickerRbac: StackRule = {
  name: "endpoint-picker-rbac",
  description: "Endpoint pickers read their pool and pods through a namespaced Role: get, list and watch on pods, inferencepools, inferenceobjectives and inferencemodelrewrites, leases and events only with leader election, no wildcard, and no ClusterRole except tokenreviews/subjectaccessreviews for authenticated metrics.",
  defaultEnforcement: "mandatory",
  scope: "stack",
  chartObjects: "skipped",
  check(resources) {
    const objects = kubernetesObjectsOf(resources);
    return pickerAccounts(resources).flatMap((account) => accountViolations(this.name, account, objects));
  },
};
