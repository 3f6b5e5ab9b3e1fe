import { z } from "zod";
import { patternString } from "../errors/patterns.js";
import { dnsLabel } from "../k8s/names.js";

/**
 * The stack's `registry` key and the components' `registry` argument: one mirror for every image and
 * chart. Validated at the edge; the builders take the parsed value.
 */
export const registryMirrorSchema = z.strictObject({
  /** `<registry host>/<namespace>` every image and chart is mirrored to. */
  mirror: patternString(
    /^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/,
    "must be <registry host>/<namespace>",
    "write the registry and namespace images are mirrored to, e.g. llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror",
  ),
  /** Image pull Secret (type kubernetes.io/dockerconfigjson) in every namespace that pulls from the mirror. */
  pullSecretName: dnsLabel().optional(),
});
