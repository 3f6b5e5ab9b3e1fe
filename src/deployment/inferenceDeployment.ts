/**
 * The `InferenceDeployment` component's arguments resolved into a planned, placed spec: the one
 * deployment schema for the deployment's fields, the placement and volume a program passes, the
 * plan (given by the fleet, or made here through the same `planOnGpu`), then the checks across
 * fields. Pure, so tests, the fleet and the offline preview share it.
 */
import type { ModelVolume, PoolPlacement } from "../cluster/types.js";
import type { LlmfleetError} from "../errors/index.js";
import { errorsOf, joinPath, parseWith, reroot, rerootError, throwAll, under, type FieldLocator } from "../errors/index.js";
import { resolveGpu } from "../gpu/index.js";
import { dnsLabel } from "../k8s/names.js";
import { routeMembershipSchema, type RouteMembershipInput } from "../mesh/routeLabels.js";
import type { Plan } from "../planner/types.js";
import { registryMirrorSchema, type RegistryMirror } from "../registry/index.js";
import { engineDefinition } from "../engines/index.js";
import { erdmaImageWarning, placementSchema, resolveWeightsCache, specProblems, volumeSchema, type InferenceDeploymentSpec } from "../workload/index.js";
import { deprecationWarning, renameDeprecatedKeys } from "./deprecatedKeys.js";
import { toDeployment } from "./deployment.js";
import { deploymentModelFolder } from "./modelFolder.js";
import { planOnGpu } from "./plan.js";
import { deploymentSchema, type DeploymentInput } from "./schema.js";

/** Everything a program passes besides the deployment's own fields. */
export interface ProgramFields {
  /** The GPU pool the pods land on (`GpuNodePool.placement`). */
  readonly placement: PoolPlacement;
  /** Where the weights are mounted from (`ModelStorage.volume`). */
  readonly volume: ModelVolume;
  /** Namespace of every object. Default `llm-serving`. */
  readonly namespace?: string | undefined;
  /** The plan the fleet made for this deployment; planned here when absent. */
  readonly plan?: Plan | undefined;
  /** Pull the image from this mirror (`<mirror>/<source registry>/<repository>`), with its pull Secret. Default: the image as given. */
  readonly registry?: RegistryMirror | undefined;
  /**
   * The mesh route the deployment serves behind: the route's name and the weighted versions whose
   * subsets its pods join (its own version; every weighted version for the route's backup).
   * `LlmFleet` sets it from `routes[]`; a program pairing it with `ServiceMesh` gives the served
   * model's `name` and `versions`. Default: not routed.
   */
  readonly route?: RouteMembershipInput | undefined;
}

export type InferenceDeploymentInput = DeploymentInput & ProgramFields;

export interface ResolvedInferenceDeployment {
  readonly spec: InferenceDeploymentSpec;
  readonly warnings: readonly string[];
}

const namespaceSchema = dnsLabel().default("llm-serving");

function throwUnparsed(): never {
  throw new Error("an argument failed to parse without a reported problem");
}

/**
 * Validates and plans one deployment. Errors name the argument path under `root` (`args.tensorParallel`,
 * `args.engineOptions.maxModelLen` where the old spelling was used, `args.placement.instanceType` for
 * the GPU); all problems of one stage are reported together.
 */
export function resolveInferenceDeployment(componentName: string, input: InferenceDeploymentInput, root = "args"): ResolvedInferenceDeployment {
  const { placement: rawPlacement, volume: rawVolume, namespace: rawNamespace, plan: givenPlan, registry: rawRegistry, route: rawRoute, ...fields } = input;
  const renamed = renameDeprecatedKeys(fields);
  const locate: FieldLocator = under(root, renamed.writtenAs);
  throwAll(renamed.conflicts.map((error) => rerootError(error, (field) => joinPath(root, field))));

  const problems: LlmfleetError[] = [];
  const parsed = <T>(action: () => T, at: FieldLocator): T | undefined => {
    try {
      return action();
    } catch (error) {
      const found = errorsOf(reroot(error, at));
      if (found.length === 0) throw error;
      problems.push(...found);
      return undefined;
    }
  };
  const deploymentFields = parsed(() => parseWith(deploymentSchema, renamed.input), locate);
  const placement = parsed(() => parseWith(placementSchema, rawPlacement), (field) => joinPath(root, joinPath("placement", field)));
  const volume = parsed(() => parseWith(volumeSchema, rawVolume), (field) => joinPath(root, joinPath("volume", field)));
  const namespace = parsed(() => parseWith(namespaceSchema, rawNamespace), () => joinPath(root, "namespace"));
  const registry = parsed(() => (rawRegistry === undefined ? null : parseWith(registryMirrorSchema, rawRegistry)), (field) => joinPath(root, joinPath("registry", field)));
  const route = parsed(() => parseWith(routeMembershipSchema.optional(), rawRoute), (field) => joinPath(root, joinPath("route", field)));
  throwAll(problems);
  // Each stage either parsed or added a problem, and problems were thrown above.
  if (deploymentFields === undefined || placement === undefined || volume === undefined || namespace === undefined || registry === undefined) return throwUnparsed();

  const deployment = toDeployment(deploymentFields, deploymentFields.name ?? componentName);
  const planFor = (): Plan => {
    const gpu = resolveGpu(placement.instanceType, "gpu");
    return planOnGpu(deployment, gpu);
  };
  let plan: Plan;
  try {
    plan = givenPlan ?? planFor();
  } catch (error) {
    throw reroot(error, (field) => (field === "gpu" ? joinPath(root, "placement.instanceType") : locate(field)));
  }

  const warnings = renamed.deprecations.map((d) => deprecationWarning(root, d));
  const legacySubPath = volume.subPath !== undefined && volume.subPath !== "" ? volume.subPath : undefined;
  if (legacySubPath !== undefined && deployment.modelPath === undefined) warnings.push(deprecationWarning(root, { key: "volume.subPath", replacement: "modelPath" }));
  const spec: InferenceDeploymentSpec = {
    ...deployment,
    namespace,
    modelPath: deploymentModelFolder(deployment, plan.model.id, legacySubPath),
    // Batch engines read their own shards once; only serving pods copy to the node disk by default.
    weightsCache:
      engineDefinition(deployment.engine).workload.kind === "serving"
        ? resolveWeightsCache(deployment.weightsCache, plan.model.weightBytes, placement.modelCache)
        : (deployment.weightsCache ?? "none"),
    plan,
    placement,
    volume,
    ...(registry === null ? {} : { registry }),
    route,
  };
  throwAll(specProblems(spec).map((error) => rerootError(error, locate)));
  const erdma = erdmaImageWarning(spec);
  return { spec, warnings: erdma === undefined ? warnings : [...warnings, erdma] };
}
