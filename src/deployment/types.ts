import type { DeploymentFields, DeprecatedKey, ImageInput } from "./schema.js";

/** A validated deployment with its defaults applied and old spellings moved to their new keys. */
export interface Deployment extends Omit<DeploymentFields, DeprecatedKey | "image" | "replicas" | "name"> {
  readonly name: string;
  /** The engine image when one is given; the engine's default otherwise. */
  readonly image: ImageInput | undefined;
  /** Replicas at creation (the autoscaler's minimum when autoscaled). */
  readonly replicas: number;
}
