/**
 * A Gateway API route to InferencePools bypasses the mesh's AuthorizationPolicies on the way to the
 * picker's chosen pod only if nothing checks who calls: the key check is either the engine's own
 * API key (each engine's `apiKeyEnv` in src/engines: vLLM reads `VLLM_API_KEY`, SGLang takes
 * `--api-key $(SGLANG_API_KEY)`), filled from a Secret, on every pod the pools select, or a JWT
 * RequestAuthentication on the route's Gateway.
 */
import { ENGINES, engineDefinition } from "../../engines/index.js";
import { isKind, kubernetesObjectsOf, type PolicyObject } from "../kubernetes.js";
import { INFERENCE_GROUP, inferencePoolsOf, isServingPod, podKindsOf, selectedPods, type InferencePool, type PodKind } from "../inferencePools.js";
import { argvOf, containersOf, type Container } from "../podTemplates.js";
import { violation, type PolicyResource, type StackRule, type Violation } from "../types.js";
import { objectAt, objectsAt, stringAt, stringMapAt } from "../values.js";

const GATEWAY_GROUP = "gateway.networking.k8s.io";
/**
 * Label Istio puts on the pods of a Gateway API Gateway it deploys (istio/istio 1.29.2
 * `manifests/charts/istio-control/istio-discovery/files/kube-gateway.yaml`), by which a
 * selector-based policy reaches them (`pilot/pkg/model/policyattachment.go`, `workloadGatewayName`).
 */
const GATEWAY_NAME_LABEL = "gateway.networking.k8s.io/gateway-name";

interface Reference {
  readonly namespace: string;
  readonly name: string;
}

function poolReferences(route: PolicyObject): Reference[] {
  const namespace = route.namespace ?? "default";
  return objectsAt(route.body, "spec", "rules")
    .flatMap((rule) => objectsAt(rule, "backendRefs"))
    .filter((ref) => stringAt(ref, "group") === INFERENCE_GROUP && stringAt(ref, "kind") === "InferencePool")
    .flatMap((ref) => {
      const name = stringAt(ref, "name");
      return name === undefined ? [] : [{ namespace: stringAt(ref, "namespace") ?? namespace, name }];
    });
}

function gatewayReferences(route: PolicyObject): Reference[] {
  const namespace = route.namespace ?? "default";
  return objectsAt(route.body, "spec", "parentRefs")
    .filter((ref) => (stringAt(ref, "kind") ?? "Gateway") === "Gateway")
    .flatMap((ref) => {
      const name = stringAt(ref, "name");
      return name === undefined ? [] : [{ namespace: stringAt(ref, "namespace") ?? namespace, name }];
    });
}

/**
 * A RequestAuthentication with JWT rules that applies to the Gateway: by `targetRefs` (kind Gateway,
 * group gateway.networking.k8s.io, same namespace; istio/api 1.29.2
 * `security/v1beta1/request_authentication.proto`), the legacy `targetRef`, or the gateway pods' label.
 */
function gatewayChecksJwt(gateway: Reference, objects: readonly PolicyObject[]): boolean {
  return objects.some((object) => {
    if (!isKind(object, "security.istio.io", "RequestAuthentication") || object.namespace !== gateway.namespace) return false;
    if (objectsAt(object.body, "spec", "jwtRules").length === 0) return false;
    const legacy = objectAt(object.body, "spec", "targetRef");
    const targets = [...objectsAt(object.body, "spec", "targetRefs"), ...(legacy === undefined ? [] : [legacy])];
    const targeted = targets.some((ref) => stringAt(ref, "kind") === "Gateway" && stringAt(ref, "group") === GATEWAY_GROUP && stringAt(ref, "name") === gateway.name);
    return targeted || stringMapAt(object.body, "spec", "selector", "matchLabels")[GATEWAY_NAME_LABEL] === gateway.name;
  });
}

function fromSecret(container: Container, variable: string): boolean {
  return objectsAt(container.body, "env").some((env) => stringAt(env, "name") === variable && stringAt(env, "valueFrom", "secretKeyRef", "name") !== undefined);
}

/** Why a serving pod's engine checks no key, or undefined when it does. */
function missingKey(pod: PodKind): string | undefined {
  const label = pod.labels["llmfleet.io/engine"];
  const engine = ENGINES.find((candidate) => candidate === label);
  const variable = engine === undefined ? undefined : engineDefinition(engine).apiKeyEnv;
  if (engine === undefined) return `its pods carry no known llmfleet.io/engine label (${label ?? "none"}), so the key it checks cannot be told`;
  if (variable === null || variable === undefined) return `engine ${engine} takes no API key`;
  const keyed = containersOf(pod.template).filter((container) => !container.init && fromSecret(container, variable));
  if (keyed.length === 0) return `no container sets ${variable} from a Secret (env valueFrom.secretKeyRef)`;
  for (const container of keyed) {
    const argv = argvOf(container);
    const flag = argv.indexOf("--api-key");
    if (flag >= 0 && argv[flag + 1] !== `$(${variable})`) return `${container.where} passes --api-key a value other than $(${variable}), so the Secret's key is not the one checked`;
  }
  return undefined;
}

function routeViolations(rule: string, resource: PolicyResource, route: PolicyObject, pools: readonly InferencePool[], pods: readonly PodKind[], objects: readonly PolicyObject[]): Violation[] {
  const references = poolReferences(route);
  if (references.length === 0) return [];
  const gateways = gatewayReferences(route);
  if (gateways.length > 0 && gateways.every((gateway) => gatewayChecksJwt(gateway, objects))) return [];
  const fix = "set the engine's API key from the route's Secret on the deployment (routes[].requireApiKey: true), or add a RequestAuthentication with jwtRules targeting the Gateway";
  return references.flatMap((reference): Violation[] => {
    const pool = pools.find(({ object }) => object.namespace === reference.namespace && object.name === reference.name);
    if (pool === undefined) {
      return [violation(rule, resource, {
        what: `${route.ref} sends requests to InferencePool ${reference.namespace}/${reference.name}, which the stack does not define`,
        why: "without the pool its pods, and whether they check an API key, cannot be known before apply",
        fix: `define InferencePool ${reference.namespace}/${reference.name} in the stack, or remove the backendRef`,
      })];
    }
    return selectedPods(pool, pods)
      .filter(isServingPod)
      .flatMap((pod): Violation[] => {
        const reason = missingKey(pod);
        return reason === undefined ? [] : [violation(rule, resource, {
          what: `${route.ref} reaches ${pod.template.where} through ${pool.object.ref} without a key check: ${reason}`,
          why: "the Gateway has no JWT RequestAuthentication either, so anyone who reaches the gateway can use the model",
          fix,
        })];
      });
  });
}

export const inferenceRouteKeyCheck: StackRule = {
  name: "inference-route-key-check",
  description: "Every HTTPRoute to InferencePools checks callers: each selected serving pod's engine takes its API key from a Secret (the engine's apiKeyEnv, passed as --api-key $(VAR) where the engine needs the flag), or the route's Gateway has a JWT RequestAuthentication.",
  defaultEnforcement: "mandatory",
  scope: "stack",
  chartObjects: "skipped",
  check(resources) {
    const objects = kubernetesObjectsOf(resources);
    const routes = objects.filter(({ object }) => isKind(object, GATEWAY_GROUP, "HTTPRoute"));
    if (routes.length === 0) return [];
    const pools = inferencePoolsOf(resources);
    const pods = podKindsOf(resources);
    const plain = objects.map(({ object }) => object);
    return routes.flatMap(({ resource, object }) => routeViolations(this.name, resource, object, pools, pods, plain));
  },
};
