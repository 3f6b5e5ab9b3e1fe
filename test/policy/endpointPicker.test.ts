import { describe, expect, it } from "vitest";
import { parsePolicyConfig } from "../../src/policy/index.js";
import { endpointPickerRbac, imagePinned, saRbac } from "../../src/policy/rules/index.js";
import { violationsOf } from "./fixtures.js";
import { PICKER_IMAGE, PICKER_READ_RULES, PICKER_SERVICE_ACCOUNT, pickerDeployment, role, roleBinding, routedStack } from "./routingFixtures.js";

const messages = (found: readonly { message: string }[]): string[] => found.map((violation) => violation.message);
const withRole = (rules: readonly Record<string, unknown>[], args?: readonly string[]): ReturnType<typeof routedStack> => [pickerDeployment(args), PICKER_SERVICE_ACCOUNT, role(rules), roleBinding()];

/** v1.5.0 epplib `_rbac.yaml`'s metrics-auth ClusterRole. */
const METRICS_AUTH_RULES = [
  { apiGroups: ["authentication.k8s.io"], resources: ["tokenreviews"], verbs: ["create"] },
  { apiGroups: ["authorization.k8s.io"], resources: ["subjectaccessreviews"], verbs: ["create"] },
  { nonResourceURLs: ["/metrics"], verbs: ["get"] },
];
/** v1.5.0 epplib `_leader-election-rbac.yaml`'s rules. */
const LEADER_ELECTION_RULES = [
  { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] },
  { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
];

describe("endpoint-picker-rbac", () => {
  it("passes the picker with v1.5.0's read-only Role on pods and the inference objects", () => {
    expect(violationsOf(endpointPickerRbac, routedStack())).toEqual([]);
  });

  it("fails a write verb, naming the Role, the binding and the rule", () => {
    const [found] = messages(violationsOf(endpointPickerRbac, withRole([...PICKER_READ_RULES, { apiGroups: [""], resources: ["pods"], verbs: ["get", "delete"] }])));
    expect(found).toContain(
      "Role llm-serving/qwen-epp, bound to the endpoint picker's ServiceAccount llm-serving/qwen-epp by RoleBinding llm-serving/qwen-epp, grants more than get, list and watch on pods, inferencepools, inferenceobjectives and inferencemodelrewrites: get,delete on pods (core)",
    );
  });

  it("fails reading Secrets and any wildcard", () => {
    const found = messages(violationsOf(endpointPickerRbac, withRole([...PICKER_READ_RULES, { apiGroups: [""], resources: ["secrets"], verbs: ["get"] }, { apiGroups: ["*"], resources: ["pods"], verbs: ["list"] }])));
    expect(found).toHaveLength(2);
    expect(found[0]).toContain("get on secrets (core)");
    expect(found[1]).toContain("uses a wildcard: list on pods (*)");
  });

  it("fails a ClusterRole when metrics authentication is off, and allows upstream's token-review ClusterRole when it is on", () => {
    const clusterRead = [...withRole(PICKER_READ_RULES), role(PICKER_READ_RULES, "qwen-epp-cluster", "ClusterRole"), roleBinding("qwen-epp-cluster", "ClusterRole", "ClusterRoleBinding")];
    expect(messages(violationsOf(endpointPickerRbac, clusterRead))[0]).toContain("grants cluster-wide access, and the picker runs with --metrics-endpoint-auth=false, so it needs none");
    const auth = [...withRole(PICKER_READ_RULES, []), role(METRICS_AUTH_RULES, "qwen-epp-auth", "ClusterRole"), roleBinding("qwen-epp-auth", "ClusterRole", "ClusterRoleBinding")];
    expect(violationsOf(endpointPickerRbac, auth)).toEqual([]);
    const authPlusPods = [...withRole(PICKER_READ_RULES, []), role([...METRICS_AUTH_RULES, ...PICKER_READ_RULES], "qwen-epp-auth", "ClusterRole"), roleBinding("qwen-epp-auth", "ClusterRole", "ClusterRoleBinding")];
    expect(messages(violationsOf(endpointPickerRbac, authPlusPods))[0]).toContain("grants more than token and access reviews cluster-wide");
  });

  it("allows leader election's leases and events only to a picker run with --ha-enable-leader-election", () => {
    const rules = [...PICKER_READ_RULES, ...LEADER_ELECTION_RULES];
    expect(violationsOf(endpointPickerRbac, withRole(rules, ["--metrics-endpoint-auth=false", "--ha-enable-leader-election"]))).toEqual([]);
    expect(violationsOf(endpointPickerRbac, withRole(rules))).toHaveLength(2);
  });

  it("fails a picker that cannot list and watch its pool, or mounts no token", () => {
    const [found] = messages(violationsOf(endpointPickerRbac, withRole([PICKER_READ_RULES[0] ?? {}])));
    expect(found).toContain("may not list and watch inferencepools.inference.networking.k8s.io");
    const noToken = [pickerDeployment(["--metrics-endpoint-auth=false"]), PICKER_SERVICE_ACCOUNT, role(), roleBinding()].map((resource) =>
      resource.name === "qwen-epp" && resource.type.endsWith(":Deployment") ? { ...resource, props: JSON.parse(JSON.stringify(resource.props).replace('"automountServiceAccountToken":true', '"automountServiceAccountToken":false')) as Record<string, unknown> } : resource,
    );
    expect(messages(violationsOf(endpointPickerRbac, noToken))[0]).toContain("mounts no service-account token");
  });

  it("treats `--metrics-endpoint-auth false` (without =) as auth left on, as Go's flag parsing does", () => {
    const separate = [...withRole(PICKER_READ_RULES, ["--metrics-endpoint-auth", "false"]), role(METRICS_AUTH_RULES, "qwen-epp-auth", "ClusterRole"), roleBinding("qwen-epp-auth", "ClusterRole", "ClusterRoleBinding")];
    expect(violationsOf(endpointPickerRbac, separate)).toEqual([]);
  });
});

describe("the picker under the general rules", () => {
  it("image-pinned accepts the pinned upstream picker image and its mirror copy, and refuses latest, no tag or another registry", () => {
    expect(violationsOf(imagePinned, pickerDeployment())).toEqual([]);
    expect(violationsOf(imagePinned, pickerDeployment(undefined, "llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror/gateway-api-inference-extension/epp:v1.5.0"))).toEqual([]);
    expect(violationsOf(imagePinned, pickerDeployment(undefined, `${PICKER_IMAGE.replace("v1.5.0", "latest")}`))[0]?.message).toContain("without a version");
    expect(violationsOf(imagePinned, pickerDeployment(undefined, "registry.k8s.io/gateway-api-inference-extension/epp"))[0]?.message).toContain("without a version");
    expect(violationsOf(imagePinned, pickerDeployment(undefined, "docker.io/someone/epp:v1.5.0"))[0]?.message).toContain("docker.io/someone/epp, which is not on the allowed registry list");
    expect(violationsOf(imagePinned, pickerDeployment(), parsePolicyConfig({ allowedRegistries: ["*.aliyuncs.com"] }))[0]?.message).toContain("not on the allowed registry list");
  });

  it("sa-rbac lets the picker's pods mount their token but still wants a dedicated ServiceAccount", () => {
    expect(violationsOf(saRbac, pickerDeployment())).toEqual([]);
    const onDefault = pickerDeployment();
    const props = JSON.parse(JSON.stringify(onDefault.props).replace('"serviceAccountName":"qwen-epp",', "")) as Record<string, unknown>;
    expect(messages(violationsOf(saRbac, { ...onDefault, props }))[0]).toContain("runs as the namespace's default ServiceAccount");
  });
});
