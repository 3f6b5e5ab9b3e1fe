import { LlmfleetError } from "../errors/index.js";
import { findInstanceType, resolveGpu } from "../gpu/index.js";
import type { GpuChoice } from "../gpu/types.js";
import { resolveModel } from "../model/index.js";
import { planDeployment, type Plan } from "../planner/index.js";
import type { DeploymentConfig, FleetConfig } from "./config.js";

/** Where a planner field lives in a deployment's configuration. */
const CONFIG_KEY_FOR_PLANNER_FIELD: Readonly<Record<string, string>> = {
  tensorParallel: "parallelism.tensor",
  pipelineParallel: "parallelism.pipeline",
  maxModelLen: "maxModelLen",
  gpuMemoryUtilization: "gpuMemoryUtilization",
  dtype: "dtype",
  kvCacheDtype: "kvCacheDtype",
  engine: "engine",
  model: "model",
};

/** Re-roots a planner or catalogue error at the configuration key the user wrote. */
function atConfigKey(error: unknown, deploymentPath: string, poolPath: string): unknown {
  if (!(error instanceof LlmfleetError)) return error;
  const field = error.field === "gpu" ? `${poolPath}.gpu` : `${deploymentPath}.${CONFIG_KEY_FOR_PLANNER_FIELD[error.field] ?? error.field}`;
  return new LlmfleetError(field, error.value, error.reason, error.fix);
}

function planOne(deployment: DeploymentConfig, gpu: GpuChoice): Plan {
  return planDeployment({
    model: resolveModel(deployment.model),
    gpu,
    engine: deployment.engine,
    dtype: deployment.dtype,
    kvCacheDtype: deployment.kvCacheDtype,
    maxModelLen: deployment.maxModelLen,
    gpuMemoryUtilization: deployment.gpuMemoryUtilization,
    tensorParallel: deployment.parallelism.tensor,
    pipelineParallel: deployment.parallelism.pipeline,
  });
}

export interface FleetPlans {
  /** Plan per deployment name. */
  readonly deployments: ReadonlyMap<string, Plan>;
  /** Instance type per node pool name. */
  readonly poolInstanceTypes: ReadonlyMap<string, string>;
}

/**
 * Plans every deployment on its pool. A pool named by GPU model takes the instance type of the
 * deployment that needs the most GPUs per node (smaller pods fit on it too); every deployment of
 * the pool is then planned on that one instance type so that the plans and the pool agree.
 */
export function planFleet(config: FleetConfig, root: string): FleetPlans {
  const deployments = new Map<string, Plan>();
  const poolInstanceTypes = new Map<string, string>();
  config.nodePools.forEach((pool, poolIndex) => {
    const poolPath = `${root}.nodePools[${poolIndex}]`;
    const members = config.deployments.map((d, i) => ({ d, path: `${root}.deployments[${i}]` })).filter(({ d }) => d.pool === pool.name);
    const plan = (gpu: GpuChoice, { d, path }: { d: DeploymentConfig; path: string }): Plan => {
      try {
        return planOne(d, gpu);
      } catch (error) {
        throw atConfigKey(error, path, poolPath);
      }
    };
    let choice: GpuChoice;
    try {
      choice = resolveGpu(pool.gpu, "gpu");
    } catch (error) {
      throw atConfigKey(error, poolPath, poolPath);
    }
    if (choice.instanceType === null && members.length > 0) {
      const widest = members.map((m) => plan(choice, m)).sort((a, b) => b.gpusPerNode - a.gpusPerNode)[0];
      const instanceType = widest === undefined ? undefined : findInstanceType(widest.instanceType);
      if (instanceType !== undefined) choice = { gpu: choice.gpu, instanceType };
    }
    for (const member of members) deployments.set(member.d.name, plan(choice, member));
    const instanceType = choice.instanceType?.name ?? [...deployments.values()][0]?.instanceType;
    if (instanceType !== undefined) poolInstanceTypes.set(pool.name, instanceType);
  });
  return { deployments, poolInstanceTypes };
}
