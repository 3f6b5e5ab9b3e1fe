/**
 * Autoscaler behaviour for GPU serving: scale on queue depth or KV-cache use, never on CPU, memory
 * or GPU utilisation (a batching engine keeps the GPU busy at any load), and wait at least five
 * minutes before scaling down, because a new replica takes minutes to load (llm-d-autoscaling #777).
 */
import { isKind, kubernetesObjectOf } from "../kubernetes.js";
import { violation, type PolicyResource, type ResourceRule, type Violation } from "../types.js";
import { numberAt, objectAt, objectsAt, stringAt, type PlainObject } from "../values.js";

/** Seconds an autoscaler must see lower load before it removes a replica. */
export const MIN_SCALE_DOWN_STABILIZATION_SECONDS = 300;

const UTILISATION_METRIC = /gpu_util|DCGM_FI_DEV_GPU_UTIL/i;
const UTILISATION_RESOURCES = new Set(["cpu", "memory"]);
const SIGNAL_FIX = "scale on vllm:num_requests_waiting (AverageValue ~5) or vllm:kv_cache_usage_perc";

function stabilizationViolations(rule: string, resource: PolicyResource, what: string, behavior: PlainObject | undefined, path: string): Violation[] {
  const window = numberAt(behavior, "scaleDown", "stabilizationWindowSeconds");
  if (window === undefined || window >= MIN_SCALE_DOWN_STABILIZATION_SECONDS) return [];
  return [violation(rule, resource, {
    what: `${what} stabilises scale-down over only ${window} s`,
    why: "the autoscaler removes replicas during short lulls and adds them back minutes later, paying a full model load each time",
    fix: `set ${path}.scaleDown.stabilizationWindowSeconds to at least ${MIN_SCALE_DOWN_STABILIZATION_SECONDS}`,
  })];
}

function signalViolation(rule: string, resource: PolicyResource, what: string, signal: string): Violation {
  return violation(rule, resource, {
    what: `${what} scales on ${signal}`,
    why: "a batching engine's CPU, memory and GPU utilisation stay high at any load, so they neither track demand nor trigger scale-down",
    fix: SIGNAL_FIX,
  });
}

function hpaViolations(rule: string, resource: PolicyResource, ref: string, spec: PlainObject | undefined): Violation[] {
  const found = stabilizationViolations(rule, resource, ref, objectAt(spec, "behavior"), "spec.behavior");
  for (const metric of objectsAt(spec, "metrics")) {
    const resourceName = stringAt(metric, "resource", "name");
    if (stringAt(metric, "type") === "Resource" && resourceName !== undefined && UTILISATION_RESOURCES.has(resourceName)) {
      found.push(signalViolation(rule, resource, ref, `${resourceName} utilisation`));
    }
    const metricName = stringAt(metric, "external", "metric", "name") ?? stringAt(metric, "pods", "metric", "name") ?? stringAt(metric, "object", "metric", "name");
    if (metricName !== undefined && UTILISATION_METRIC.test(metricName)) found.push(signalViolation(rule, resource, ref, metricName));
  }
  return found;
}

function scaledObjectViolations(rule: string, resource: PolicyResource, ref: string, spec: PlainObject | undefined): Violation[] {
  const found = stabilizationViolations(rule, resource, ref, objectAt(spec, "advanced", "horizontalPodAutoscalerConfig", "behavior"), "spec.advanced.horizontalPodAutoscalerConfig.behavior");
  const cooldown = numberAt(spec, "cooldownPeriod");
  if (cooldown !== undefined && cooldown < MIN_SCALE_DOWN_STABILIZATION_SECONDS) {
    found.push(violation(rule, resource, {
      what: `${ref} sets cooldownPeriod ${cooldown} s`,
      why: "KEDA scales to zero after a short quiet spell, and the next request waits for a full model load",
      fix: `set spec.cooldownPeriod to at least ${MIN_SCALE_DOWN_STABILIZATION_SECONDS}`,
    }));
  }
  for (const trigger of objectsAt(spec, "triggers")) {
    const type = stringAt(trigger, "type") ?? "";
    if (UTILISATION_RESOURCES.has(type)) found.push(signalViolation(rule, resource, ref, `a ${type} trigger`));
    const query = stringAt(trigger, "metadata", "query") ?? "";
    if (UTILISATION_METRIC.test(query)) found.push(signalViolation(rule, resource, ref, "GPU utilisation"));
  }
  return found;
}

export const hpaBehavior: ResourceRule = {
  name: "hpa-behavior",
  description: `HorizontalPodAutoscalers and KEDA ScaledObjects scale on serving signals (not CPU, memory or GPU utilisation) and wait at least ${MIN_SCALE_DOWN_STABILIZATION_SECONDS} s before scaling down.`,
  defaultEnforcement: "advisory",
  scope: "resource",
  chartObjects: "skipped",
  check(resource) {
    const object = kubernetesObjectOf(resource);
    if (object === undefined) return [];
    const spec = objectAt(object.body, "spec");
    if (isKind(object, "autoscaling", "HorizontalPodAutoscaler")) return hpaViolations(this.name, resource, object.ref, spec);
    if (isKind(object, "keda.sh", "ScaledObject")) return scaledObjectViolations(this.name, resource, object.ref, spec);
    return [];
  },
};
