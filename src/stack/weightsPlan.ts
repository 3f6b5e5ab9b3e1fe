/**
 * The fleet's weights as a whole: which models the stack fetches (one Job per folder, however many
 * deployments serve it), and the checks only the fleet can make — a fetch needs OSS, one folder
 * holds one checkpoint, and the folders that land on a pool's node disk fit it together.
 */
import { deploymentModelFolder } from "../deployment/modelFolder.js";
import { engineDefinition } from "../engines/index.js";
import { LlmfleetError, type FieldLocator } from "../errors/index.js";
import type { Plan } from "../planner/index.js";
import { isRemoteSource, type WeightsFetch } from "../weights/index.js";
import { cachedGiB, COMPILE_CACHE_RESERVE_GIB, resolveWeightsCache } from "../workload/index.js";
import type { DeploymentConfig, FleetConfig } from "./config.js";

interface PlannedDeployment {
  readonly deployment: DeploymentConfig;
  readonly index: number;
  readonly plan: Plan;
  readonly folder: string;
}

function planned(config: FleetConfig, plans: ReadonlyMap<string, Plan>): PlannedDeployment[] {
  return config.deployments.flatMap((deployment, index) => {
    const plan = plans.get(deployment.name);
    return plan === undefined ? [] : [{ deployment, index, plan, folder: deploymentModelFolder(deployment, plan.model.id) }];
  });
}

/** One fetch per folder of a remote source, naming every deployment that waits for it. */
export function fleetWeightsFetches(config: FleetConfig, plans: ReadonlyMap<string, Plan>): WeightsFetch[] {
  const byFolder = new Map<string, WeightsFetch>();
  for (const { deployment, folder } of planned(config, plans)) {
    const source = deployment.modelSource;
    if (!isRemoteSource(source)) continue;
    const known = byFolder.get(folder);
    byFolder.set(folder, { folder, source, deployments: [...(known?.deployments ?? []), deployment.name] });
  }
  return [...byFolder.values()];
}

/** Alibaba's mainland regions (`cn-hangzhou`, `cn-beijing`, …); Hong Kong reaches huggingface.co. */
function inMainlandChina(region: string): boolean {
  return region.startsWith("cn-") && region !== "cn-hongkong";
}

function sourceProblems(config: FleetConfig, deployments: readonly PlannedDeployment[], locate: FieldLocator): LlmfleetError[] {
  const problems: LlmfleetError[] = [];
  const firstByFolder = new Map<string, PlannedDeployment>();
  for (const entry of deployments) {
    const source = entry.deployment.modelSource;
    if (!isRemoteSource(source)) continue;
    if (config.storage.kind !== "oss") {
      problems.push(
        new LlmfleetError(
          locate(`deployments[${entry.index}].modelSource.hub`),
          source.hub,
          "the fetch Job writes through an OSS volume with a write-only-this-folder RAM role; NAS storage has no such role",
          `use storage kind oss, or copy the checkpoint to the NAS file system's /${entry.folder}/ yourself and set modelSource: {hub: storage}`,
        ),
      );
      continue;
    }
    if (source.hub === "huggingface" && source.endpoint === undefined && inMainlandChina(config.region)) {
      problems.push(
        new LlmfleetError(
          locate(`deployments[${entry.index}].modelSource.hub`),
          source.hub,
          `huggingface.co is not reachable from ${config.region} (mainland China), so the fetch Job would retry until its deadline`,
          "use hub: modelscope with the ModelScope repo and revision (Qwen, DeepSeek and most open models publish there under the same id), or set modelSource.endpoint to a Hugging Face mirror you trust",
        ),
      );
    }
    const first = firstByFolder.get(entry.folder);
    if (first === undefined) {
      firstByFolder.set(entry.folder, entry);
      continue;
    }
    const other = first.deployment.modelSource;
    if (isRemoteSource(other) && (other.hub !== source.hub || other.repo !== source.repo)) {
      problems.push(
        new LlmfleetError(
          locate(`deployments[${entry.index}].modelSource.repo`),
          source.repo,
          `deployment ${first.deployment.name} fetches ${other.hub}:${other.repo} into the same folder ${entry.folder}, and one folder holds one checkpoint`,
          "give one of them a different modelPath",
        ),
      );
    }
  }
  return problems;
}

/** The distinct folders that land on each pool's node disk must fit it beside the compile caches. */
function nodeDiskProblems(config: FleetConfig, deployments: readonly PlannedDeployment[], locate: FieldLocator): LlmfleetError[] {
  return config.nodePools.flatMap((pool, index) => {
    if (pool.dataDiskGiB === undefined) return [];
    const disk = { diskGiB: pool.dataDiskGiB };
    const folders = new Map<string, number>();
    for (const { deployment, plan, folder } of deployments) {
      if (deployment.pool !== pool.name) continue;
      const serving = engineDefinition(deployment.engine).workload.kind === "serving";
      const cache = serving ? resolveWeightsCache(deployment.weightsCache, plan.model.weightBytes, disk) : (deployment.weightsCache ?? "none");
      if (cache === "node-disk") folders.set(folder, cachedGiB(plan.model.weightBytes));
    }
    const neededGiB = [...folders.values()].reduce((sum, gib) => sum + gib, 0) + (folders.size > 0 ? COMPILE_CACHE_RESERVE_GIB : 0);
    if (neededGiB <= pool.dataDiskGiB) return [];
    const list = [...folders.entries()].map(([folder, gib]) => `${folder} ${gib} GiB`).join(", ");
    return [
      new LlmfleetError(
        locate(`nodePools[${index}].dataDiskGiB`),
        pool.dataDiskGiB,
        `the models the pool's deployments cache on the node disk (${list}) and the compile caches (${COMPILE_CACHE_RESERVE_GIB} GiB) need ${neededGiB} GiB; a node would run out of disk copying the last one`,
        `raise dataDiskGiB to at least ${neededGiB}, or set weightsCache: none on a deployment of pool ${pool.name}`,
      ),
    ];
  });
}

/** Every fleet-level weights problem, each naming the key the user wrote. */
export function weightsProblems(config: FleetConfig, plans: ReadonlyMap<string, Plan>, locate: FieldLocator): LlmfleetError[] {
  const deployments = planned(config, plans);
  return [...sourceProblems(config, deployments, locate), ...nodeDiskProblems(config, deployments, locate)];
}
