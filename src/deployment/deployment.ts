import type { DeploymentFields, ImageInput } from "./schema.js";
import type { Deployment } from "./types.js";

/** `repository:tag` or `repository@sha256:…` (already checked by the schema) as an image object. */
function imageFromReference(reference: string): ImageInput {
  const at = reference.indexOf("@");
  if (at > 0) return { repository: reference.slice(0, at), digest: reference.slice(at + 1) };
  const colon = reference.lastIndexOf(":");
  return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
}

/** The deployment after validation: the image as an object, replicas resolved, old keys gone. */
export function toDeployment(fields: DeploymentFields, name: string): Deployment {
  const { parallelism: _parallelism, batchCommand: _batchCommand, deploymentName: _deploymentName, engineOptions: _engineOptions, image, replicas, ...rest } = fields;
  return {
    ...rest,
    name,
    image: typeof image === "string" ? imageFromReference(image) : image,
    replicas: replicas ?? fields.autoscaling?.minReplicas ?? 1,
  };
}
