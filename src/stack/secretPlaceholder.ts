/**
 * The value shipped and scaffolded stacks hold for a secret config key until its owner sets it with
 * `pulumi config set --secret`: the offline preview runs with it, a real `pulumi up` refuses it.
 */
export const SECRET_PLACEHOLDER = "replace-with-pulumi-config-set-secret";

/** The runtime config key the offline preview sets, so the program knows it runs without a cloud. */
export const OFFLINE_PREVIEW_KEY = "llmfleet:offlinePreview";
