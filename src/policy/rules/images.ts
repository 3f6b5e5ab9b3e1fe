/** Images are pinned (a digest or an explicit version tag) and come from an allowed registry. */
import { parseImage, repositoryMatches } from "../imageReference.js";
import { containersOf, podTemplatesOf } from "../podTemplates.js";
import { violation, type ResourceRule, type Violation } from "../types.js";
import { at, isUnknown } from "../values.js";

export const imagePinned: ResourceRule = {
  name: "image-pinned",
  description: "Container images carry a digest or a version tag other than latest, and come from a registry on the allowedRegistries list.",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "skipped",
  settings: ["allowedRegistries"],
  check(resource, config) {
    return podTemplatesOf(resource)
      .flatMap(containersOf)
      .flatMap((container): Violation[] => {
        const image = at(container.body, "image");
        if (isUnknown(image)) {
          return [violation(this.name, resource, {
            what: `${container.where} has an image unknown during preview`,
            why: "the image decides what code runs with GPU access, so it has to be reviewable before deployment",
            fix: "give the image as a plain string (repository:tag or @sha256 digest)",
          })];
        }
        if (typeof image !== "string") return [];
        const reference = parseImage(image);
        const found: Violation[] = [];
        if (reference.digest === undefined && (reference.tag === undefined || reference.tag === "latest")) {
          found.push(violation(this.name, resource, {
            what: `${container.where} uses image ${image} without a version`,
            why: "an unpinned image changes under a running deployment: a node pulling later gets another engine version, and vLLM releases rename metrics and flags",
            fix: `pin it, e.g. ${reference.repository}:<version> or ${reference.repository}@sha256:<digest>`,
          }));
        }
        if (!config.allowedRegistries.some((pattern) => repositoryMatches(reference.repository, pattern))) {
          found.push(violation(this.name, resource, {
            what: `${container.where} pulls ${reference.repository}, which is not on the allowed registry list`,
            why: "images from unreviewed registries bypass the supply-chain controls for code that holds model weights and API keys",
            fix: `mirror the image into an allowed registry (${config.allowedRegistries.join(", ")}) or add its registry to allowedRegistries`,
          }));
        }
        return found;
      });
  },
};
