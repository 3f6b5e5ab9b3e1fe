/**
 * Taking GPU pods down and rolling them over: in-flight generations are drained before a pod stops
 * (vllm #24885), and updates do not ask for a surge pod that no spare GPU can host
 * (production-stack #103, kserve #4188).
 */
import { containerGpus, containersOf, isGpuTemplate, isServingTemplate, podTemplatesOf, type Container } from "../podTemplates.js";
import { violation, type ResourceRule, type Violation } from "../types.js";
import { at, numberAt, objectAt, stringAt, stringsAt } from "../values.js";
import { kubernetesObjectOf } from "../kubernetes.js";

/** KServe's default; vLLM needs the time to finish streaming responses after the endpoint is removed. */
export const MIN_GRACE_SECONDS = 60;
/** Kubernetes' default terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;
/** Annotation on a GPU Deployment saying why the cluster has spare GPUs for a surge pod. */
export const SPARE_GPUS_ANNOTATION = "llmfleet.io/spare-gpus";

/** Seconds the preStop hook sleeps (`sleep` action or an exec `sleep N`); 0 when unknown. */
function preStopSleepSeconds(container: Container): number {
  const preStop = objectAt(container.body, "lifecycle", "preStop");
  const sleepAction = numberAt(preStop, "sleep", "seconds");
  if (sleepAction !== undefined) return sleepAction;
  const command = stringsAt(preStop, "exec", "command").join(" ");
  const match = /\bsleep\s+(\d+)/.exec(command);
  return match ? Number(match[1]) : 0;
}

export const gracefulDrain: ResourceRule = {
  name: "graceful-drain",
  description: `Serving GPU containers have a preStop hook, and the pod's terminationGracePeriodSeconds is at least ${MIN_GRACE_SECONDS} s and 1.5 × the preStop sleep.`,
  defaultEnforcement: "advisory",
  scope: "resource",
  chartObjects: "skipped",
  check(resource) {
    return podTemplatesOf(resource)
      .filter(isServingTemplate)
      .flatMap((template): Violation[] => {
        const engines = containersOf(template).filter((container) => !container.init && containerGpus(container) > 0);
        const found = engines
          .filter((container) => objectAt(container.body, "lifecycle", "preStop") === undefined)
          .map((container) =>
            violation(this.name, resource, {
              what: `${container.where} has no preStop hook`,
              why: "the pod gets SIGTERM while the endpoint is still being removed from Services, so in-flight and newly routed generations are dropped",
              fix: 'add lifecycle.preStop { sleep: { seconds: 15 } } (or exec ["sleep", "15"]) and start vLLM with --shutdown-timeout',
            }),
          );
        if (at(template.spec, "terminationGracePeriodSeconds") !== undefined && numberAt(template.spec, "terminationGracePeriodSeconds") === undefined) return found;
        const grace = numberAt(template.spec, "terminationGracePeriodSeconds") ?? DEFAULT_GRACE_SECONDS;
        const needed = Math.max(MIN_GRACE_SECONDS, Math.ceil(1.5 * Math.max(0, ...engines.map(preStopSleepSeconds))));
        if (grace < needed) {
          found.push(violation(this.name, resource, {
            what: `${template.where} allows ${grace} s for termination`,
            why: "the kubelet kills the engine before it has finished the generations in flight",
            fix: `set terminationGracePeriodSeconds to at least ${needed}`,
          }));
        }
        return found;
      });
  },
};

function surgeIsZero(value: unknown): boolean | undefined {
  if (value === 0 || value === "0" || value === "0%") return true;
  if (typeof value === "number" || (typeof value === "string" && /^\d+%?$/.test(value))) return false;
  return undefined;
}

/** LWS restart policies that recreate the whole group when one pod fails (lws #725 #877). */
const GROUP_RESTART_POLICIES = new Set(["RecreateGroupOnPodRestart", "RecreateGroupAfterStart"]);

export const gpuRollout: ResourceRule = {
  name: "gpu-rollout",
  description: `GPU Deployments roll with maxSurge 0 (or Recreate) unless "${SPARE_GPUS_ANNOTATION}" documents spare capacity; LeaderWorkerSets recreate the group on pod restart and do not surge.`,
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "skipped",
  check(resource) {
    const object = kubernetesObjectOf(resource);
    if (object === undefined || !podTemplatesOf(resource).some(isGpuTemplate)) return [];
    const spare = (object.annotations[SPARE_GPUS_ANNOTATION] ?? "").trim() !== "";
    const why = "a surge pod needs GPUs that a right-sized pool does not have, so it stays Pending and the rollout never finishes";
    if (object.kind === "Deployment") {
      const strategy = objectAt(object.body, "spec", "strategy");
      if (stringAt(strategy, "type") === "Recreate" || spare) return [];
      const maxSurge = at(strategy, "rollingUpdate", "maxSurge");
      if (surgeIsZero(maxSurge ?? "25%") !== false) return [];
      return [violation(this.name, resource, { what: `${object.ref} rolls out with maxSurge ${String(maxSurge ?? "25% (default)")}`, why, fix: `set spec.strategy.rollingUpdate { maxSurge: 0, maxUnavailable: 1 }, or annotate ${SPARE_GPUS_ANNOTATION}: "<where the spare GPUs come from>"` })];
    }
    if (object.kind !== "LeaderWorkerSet") return [];
    const found: Violation[] = [];
    const restartPolicy = stringAt(object.body, "spec", "leaderWorkerTemplate", "restartPolicy");
    if (restartPolicy !== undefined && !GROUP_RESTART_POLICIES.has(restartPolicy)) {
      found.push(violation(this.name, resource, {
        what: `${object.ref} uses restartPolicy ${restartPolicy}`,
        why: "when one pod of a tensor-parallel group restarts, the others hang in NCCL collectives until the whole group is recreated",
        fix: "set spec.leaderWorkerTemplate.restartPolicy: RecreateGroupOnPodRestart",
      }));
    }
    const maxSurge = at(object.body, "spec", "rolloutStrategy", "rollingUpdateConfiguration", "maxSurge");
    if (!spare && surgeIsZero(maxSurge ?? 0) === false) {
      found.push(violation(this.name, resource, { what: `${object.ref} rolls out with maxSurge ${String(maxSurge)}`, why, fix: `set spec.rolloutStrategy.rollingUpdateConfiguration.maxSurge: 0, or annotate ${SPARE_GPUS_ANNOTATION}: "<where the spare GPUs come from>"` }));
    }
    return found;
  },
};
