import { planOnGpu } from "../deployment/plan.js";
import { LlmfleetError, errorsOf, joinPath, rerootError, throwAll, type FieldLocator } from "../errors/index.js";
import { findInstanceType, instanceTypesFor, resolveGpu } from "../gpu/index.js";
import type { GpuChoice } from "../gpu/types.js";
import type { Plan } from "../planner/index.js";
import type { FleetConfig } from "./config.js";

export interface FleetPlans {
  /** Plan per deployment name. */
  readonly deployments: ReadonlyMap<string, Plan>;
  /** Instance type per node pool name. */
  readonly poolInstanceTypes: ReadonlyMap<string, string>;
}

/**
 * Plans every deployment on its pool, once: the fleet hands these plans to the components and the
 * preview reads them. A pool named by GPU model takes the instance type of the deployment that
 * needs the most GPUs per node (smaller pods fit on it too); every deployment of the pool is then
 * planned on that one instance type so that the plans and the pool agree. A pool named by GPU model
 * that no deployment runs on has no plan to take an instance type from and must name one.
 *
 * Errors name what the user wrote through `locate` (fields relative to the fleet). Every
 * deployment's problems are reported together.
 */
export function planFleet(config: FleetConfig, locate: FieldLocator): FleetPlans {
  const deployments = new Map<string, Plan>();
  const poolInstanceTypes = new Map<string, string>();
  const problems: LlmfleetError[] = [];
  config.nodePools.forEach((pool, poolIndex) => {
    const poolPath = `nodePools[${poolIndex}]`;
    const inPool = (field: string): string => (field === "gpu" ? locate(`${poolPath}.gpu`) : field);
    const members = config.deployments.map((d, i) => ({ d, path: `deployments[${i}]` })).filter(({ d }) => d.pool === pool.name);
    const plan = (gpu: GpuChoice, { d, path }: (typeof members)[number]): Plan | undefined => {
      try {
        return planOnGpu(d, gpu);
      } catch (error) {
        const located = errorsOf(error).map((e) => rerootError(e, (field) => (field === "gpu" ? inPool(field) : locate(joinPath(path, field)))));
        if (located.length === 0) throw error;
        problems.push(...located);
        return undefined;
      }
    };
    let choice: GpuChoice;
    try {
      choice = resolveGpu(pool.gpu, "gpu");
    } catch (error) {
      problems.push(...errorsOf(error).map((e) => rerootError(e, inPool)));
      return;
    }
    if (choice.instanceType === null) {
      if (members.length === 0) {
        problems.push(
          new LlmfleetError(
            locate(`${poolPath}.gpu`),
            pool.gpu,
            "no deployment runs on this pool, so no plan says which instance type of that GPU it needs",
            `name one of its instance types (${instanceTypesFor(choice.gpu.name).map((t) => `${t.name}: ${t.gpuCount} × ${choice.gpu.name}`).join(", ")}), or point a deployment at the pool`,
          ),
        );
        return;
      }
      const widest = members
        .map((m) => plan(choice, m))
        .filter((p): p is Plan => p !== undefined)
        .sort((a, b) => b.gpusPerNode - a.gpusPerNode)[0];
      const instanceType = widest === undefined ? undefined : findInstanceType(widest.instanceType);
      if (instanceType === undefined) return;
      choice = { gpu: choice.gpu, instanceType };
    }
    for (const member of members) {
      const planned = plan(choice, member);
      if (planned !== undefined) deployments.set(member.d.name, planned);
    }
    if (choice.instanceType !== null) poolInstanceTypes.set(pool.name, choice.instanceType.name);
  });
  // A deployment planned twice on a pool (once to pick the type, once on it) fails the same way twice.
  throwAll([...new Map(problems.map((problem) => [problem.message, problem])).values()]);
  return { deployments, poolInstanceTypes };
}
