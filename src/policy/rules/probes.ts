/**
 * Probes of serving GPU containers: a startup probe gates liveness, because loading tens of GiB of
 * weights takes minutes and a liveness probe that fires during the load restarts the pod forever
 * (kserve #5062, aibrix #772).
 */
import { containerGpus, containersOf, isServingTemplate, podTemplatesOf } from "../podTemplates.js";
import { violation, type ResourceRule, type Violation } from "../types.js";
import { at, numberAt } from "../values.js";

/** Ten minutes: the `/health` period 10 s × 60 failures that fits models up to ~70B read from local storage. */
export const MIN_STARTUP_BUDGET_SECONDS = 600;

/** Seconds a startup probe waits before the kubelet gives up (Kubernetes defaults: period 10, threshold 3). */
function startupBudgetSeconds(probe: unknown): number | undefined {
  const period = at(probe, "periodSeconds") === undefined ? 10 : numberAt(probe, "periodSeconds");
  const failures = at(probe, "failureThreshold") === undefined ? 3 : numberAt(probe, "failureThreshold");
  const delay = at(probe, "initialDelaySeconds") === undefined ? 0 : numberAt(probe, "initialDelaySeconds");
  if (period === undefined || failures === undefined || delay === undefined) return undefined;
  return delay + period * failures;
}

export const startupGatesLiveness: ResourceRule = {
  name: "startup-gates-liveness",
  description: `Every container with a liveness probe has a startup probe; serving GPU containers have startup and readiness probes, and the startup probe allows at least ${MIN_STARTUP_BUDGET_SECONDS} s.`,
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "skipped",
  check(resource) {
    return podTemplatesOf(resource).flatMap((template) =>
      containersOf(template)
        .filter((container) => !container.init)
        .flatMap((container): Violation[] => {
          const startup = at(container.body, "startupProbe");
          const serving = isServingTemplate(template);
          if (at(container.body, "livenessProbe") !== undefined && startup === undefined) {
            return [violation(this.name, resource, {
              what: `${container.where} has a liveness probe but no startup probe`,
              why: "the liveness probe starts counting while the model is still loading and restarts the pod before it ever serves",
              fix: `add a startupProbe on /health with failureThreshold × periodSeconds ≥ ${MIN_STARTUP_BUDGET_SECONDS} s`,
            })];
          }
          if (!serving || containerGpus(container) === 0) return [];
          const found: Violation[] = [];
          if (startup === undefined) {
            found.push(violation(this.name, resource, {
              what: `${container.where} serves a model without a startup probe`,
              why: "without it, readiness and liveness timings must cover the whole weight load, which makes them too slow to notice a hung engine",
              fix: `add a startupProbe on /health with failureThreshold × periodSeconds ≥ ${MIN_STARTUP_BUDGET_SECONDS} s`,
            }));
          } else {
            const budget = startupBudgetSeconds(startup);
            if (budget !== undefined && budget < MIN_STARTUP_BUDGET_SECONDS) {
              found.push(violation(this.name, resource, {
                what: `${container.where} gives its startup probe only ${budget} s`,
                why: "loading weights and capturing CUDA graphs takes minutes; the kubelet kills the container when the budget runs out",
                fix: `raise startupProbe failureThreshold so that failureThreshold × periodSeconds ≥ ${MIN_STARTUP_BUDGET_SECONDS} s`,
              }));
            }
          }
          if (at(container.body, "readinessProbe") === undefined) {
            found.push(violation(this.name, resource, {
              what: `${container.where} serves a model without a readiness probe`,
              why: "the Service sends requests to a pod whose engine has hung or is still loading",
              fix: "add a readinessProbe on /health with a period of a few seconds",
            }));
          }
          return found;
        }),
    );
  },
};
