/**
 * The input of the workload builders: a validated deployment (src/deployment), the plan it was
 * sized with, where it lands (pool placement) and where its weights are (the model volume). Plain
 * data: the deployment was validated at the edge and the plan comes from the planner, so nothing
 * here is validated again.
 */
import { z } from "zod";
import type { ModelVolume, PoolPlacement } from "../cluster/types.js";
import type { WeightsCache } from "../deployment/schema.js";
import type { Deployment } from "../deployment/types.js";
import { dnsLabel, dnsSubdomain } from "../k8s/names.js";
import { patternString } from "../errors/patterns.js";
import type { RouteMembership } from "../mesh/routeLabels.js";
import type { Plan } from "../planner/types.js";
import type { RegistryMirror } from "../registry/index.js";

export type { ExtraEnv } from "../deployment/schema.js";

export interface InferenceDeploymentSpec extends Omit<Deployment, "weightsCache"> {
  /** How the engine reads the weights, resolved against the pool's data disk (`nodeCache.ts`). */
  readonly weightsCache: WeightsCache;
  /** Namespace of every object. */
  readonly namespace: string;
  /** The folder of the weights inside the volume (the deployment's `modelPath` or its default). */
  readonly modelPath: string;
  readonly plan: Plan;
  readonly placement: PoolPlacement;
  readonly volume: ModelVolume;
  /** The registry mirror every image comes from, with its pull Secret; absent: images as given. */
  readonly registry?: RegistryMirror;
  /** The mesh route the pods serve behind (their subset labels); none outside a route. */
  readonly route?: RouteMembership | undefined;
}

export type WorkloadPlan = Plan;

/** A pool placement passed by a program (normally `GpuNodePool.placement`). */
export const placementSchema = z.object({
  poolName: z.string().min(1),
  nodeSelector: z.record(z.string(), z.string()),
  tolerations: z
    .array(
      z.object({
        key: z.string().min(1),
        operator: z.enum(["Equal", "Exists"]),
        value: z.string().optional(),
        effect: z.enum(["NoSchedule", "PreferNoSchedule", "NoExecute"]),
      }),
    )
    .readonly(),
  instanceType: z.string().min(1),
  gpu: z.string().min(1),
  gpusPerNode: z.int().min(1),
  allocatableCpuMillis: z.int().min(1),
  allocatableMemoryMiB: z.int().min(1),
  erdma: z.boolean(),
  modelCache: z.object({ diskGiB: z.int().min(1), readThroughputMiBps: z.number().positive() }).optional(),
});

/** A model volume passed by a program (normally `ModelStorage.volume`). */
export const volumeSchema = z.object({
  claimName: dnsSubdomain(),
  mountPath: patternString(/^\/[^:]*$/, "must be an absolute path", "mount the model under /models"),
  /** @deprecated the deployment's `modelPath` names the folder. */
  subPath: z.string().optional(),
  readThroughputMiBps: z.number().positive(),
  serviceAccountName: dnsLabel().nullable(),
  objectStore: z.object({ bucket: z.string().min(1), prefix: z.string(), s3Endpoint: z.url() }).optional(),
});
