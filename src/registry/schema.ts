import { z } from "zod";

/**
 * The stack's `registry` key and the components' `registry` argument: one mirror for every image and
 * chart. Validated at the edge; the builders take the parsed value.
 */
export const registryMirrorSchema = z.strictObject({
  mirror: z.string().regex(/^[a-z0-9.-]+(:\d+)?(\/[a-z0-9._-]+)+$/, "must be <registry host>/<namespace>, e.g. llmfleet-registry.cn-hangzhou.cr.aliyuncs.com/mirror"),
  /** Image pull Secret (type kubernetes.io/dockerconfigjson) in every namespace that pulls from the mirror. */
  pullSecretName: z.string().min(1).optional(),
});
