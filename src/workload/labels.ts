import type { Engine } from "../engines/index.js";
import { routeMemberLabels, type RouteMembership } from "../mesh/routeLabels.js";

/** Label that tells leader from worker pods in a multi-node group (docs/architecture.md). */
export const ROLE_LABEL = "llmfleet.io/role";
export type PodRole = "leader" | "worker";

/** The labels `docs/architecture.md` promises on every object an InferenceDeployment emits. */
export interface WorkloadIdentity {
  readonly name: string;
  readonly version: string;
  /** The model as the deployment names it. */
  readonly model: string;
  readonly engine: Engine;
  /** The mesh route the deployment serves behind, if any (its pods join the route's subsets). */
  readonly route?: RouteMembership | undefined;
}

const MAX_LABEL_VALUE = 63;

/**
 * A model id as a label value: Hugging Face ids (`Qwen/Qwen2.5-7B-Instruct`) and paths contain `/`,
 * which label values forbid. Other components select on `llmfleet.io/model`, so they must use this
 * same function.
 */
export function modelLabelValue(modelId: string): string {
  const cleaned = modelId.replace(/[^A-Za-z0-9_.-]+/g, "-").slice(-MAX_LABEL_VALUE);
  return cleaned.replace(/^[^A-Za-z0-9]+/, "").replace(/[^A-Za-z0-9]+$/, "");
}

/** Labels that select the pods of one deployment. Stable across versions, so a new version rolls instead of replacing. */
export function selectorLabels(name: string): Record<string, string> {
  return { "app.kubernetes.io/name": name, "app.kubernetes.io/component": "inference" };
}

/** Every label of `docs/architecture.md`, plus the role for pods of a multi-node group. */
export function workloadLabels(identity: WorkloadIdentity, role?: PodRole): Record<string, string> {
  return {
    ...selectorLabels(identity.name),
    "app.kubernetes.io/instance": `${identity.name}-${identity.version}`,
    "app.kubernetes.io/part-of": "llmfleet",
    "app.kubernetes.io/managed-by": "pulumi",
    "llmfleet.io/model": modelLabelValue(identity.model),
    "llmfleet.io/engine": identity.engine,
    "llmfleet.io/version": identity.version,
    ...(identity.route === undefined ? {} : routeMemberLabels(identity.route)),
    ...(role === undefined ? {} : { [ROLE_LABEL]: role }),
  };
}
