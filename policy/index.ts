/**
 * The llmfleet CrossGuard policy pack. The rules live in `src/policy/` and are tested there; this
 * entry only hands them to `PolicyPack`. `LLMFLEET_ENVIRONMENT` (dev, staging or prod; default prod)
 * picks the built-in levels; a stack's own levels, including the overrides in its stack file, come
 * from its generated pack configuration, because CrossGuard cannot read the stack file:
 *
 *   cd policy && npm ci && npm run build
 *   npx llmfleet policy-config --stack prod --out policy/config/prod.json
 *   pulumi preview --stack prod --policy-pack policy --policy-pack-config policy/config/prod.json
 */
import { PolicyPack } from "@pulumi/policy";
import { deployabilityPackPolicies, parsePolicyConfig, policyPackRules } from "../src/policy/index.js";

const config = parsePolicyConfig({ environment: process.env["LLMFLEET_ENVIRONMENT"] ?? "prod" });

new PolicyPack("llmfleet", {
  description: "Guardrails for LLM inference on Alibaba Cloud ACK",
  // Each policy carries its own level from the environment preset; this is only the fallback.
  enforcementLevel: "advisory",
  // The rules, then the preview's deployability checks that CrossGuard's stack view can run.
  policies: [...policyPackRules(config), ...deployabilityPackPolicies()],
});
