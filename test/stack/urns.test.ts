import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { previewStack } from "../../src/preview/runStack.js";
import { loadStackFile } from "../../src/preview/stackFile.js";

/**
 * A changed URN makes the next `pulumi up` delete the old resource and create a new one: for a
 * cluster, a GPU pool or a bucket that is an outage. The URNs every shipped stack had when it was
 * first released are kept in fixtures; each must still be registered, or be an alias of a resource
 * that is (`aliases` on the resource that was renamed or re-typed).
 */
const STACKS = ["dev", "staging", "prod", "batch"] as const;

/**
 * Released URNs deleted on purpose, each with the reason. Only what holds no data or traffic may be
 * here: never a cluster or a bucket, and a pool only when its hardware is replaced on purpose (the new
 * pool is created before the old one is deleted, so the pods move over).
 */
const DEEPSEEK_ON_H20 =
  "prod's DeepSeek-V3 group moved from three 8 × L20 nodes (pool l20x8, TP 8 × PP 3) to two 8 × H20 nodes (pool h20x8, TP 8 × PP 2): 16 GPUs instead of 24 for 80 instead of 31 concurrent 16k sequences, NVLink and Hopper MLA/FP8 kernels; the protected, retained pool is unprotected and then deleted in ACK by hand (steps in stacks/Pulumi.prod.yaml)";
const ONE_KEY_PER_ROUTE = "a route has one API key shared by every deployment behind it: the first weighted deployment's key became the route's (aliased), the canary's and the backup's own keys answered 401 to the route's clients";
const INFERENCE_POOL_ROUTING =
  "prod's deepseek route switched to routing: inference-pool: an HTTPRoute to an InferencePool over the group's leaders with an endpoint picker replaces the route's Service, Istio Gateway, VirtualService and DestinationRule (unmatched paths get 404 from the HTTPRoute instead of the path DENY)";
const RETIRED: Readonly<Record<string, string>> = {
  "urn:pulumi:staging::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:InferenceDeployment$kubernetes:core/v1:Secret::llmfleet-qwen32b-v2-api-key": ONE_KEY_PER_ROUTE,
  "urn:pulumi:staging::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:InferenceDeployment$random:index/randomPassword:RandomPassword::llmfleet-qwen32b-v2-api-key": ONE_KEY_PER_ROUTE,
  "urn:pulumi:prod::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:InferenceDeployment$kubernetes:core/v1:Secret::llmfleet-qwen72b-backup-api-key": ONE_KEY_PER_ROUTE,
  "urn:pulumi:prod::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:InferenceDeployment$random:index/randomPassword:RandomPassword::llmfleet-qwen72b-backup-api-key": ONE_KEY_PER_ROUTE,
  "urn:pulumi:prod::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:GpuNodePool::llmfleet-l20x8": DEEPSEEK_ON_H20,
  "urn:pulumi:prod::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:ServiceMesh$kubernetes:core/v1:Service::llmfleet-mesh-service-llm-serving-deepseek-serving": INFERENCE_POOL_ROUTING,
  "urn:pulumi:prod::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:ServiceMesh$kubernetes:networking.istio.io/v1:DestinationRule::llmfleet-mesh-destinationrule-llm-serving-deepseek": INFERENCE_POOL_ROUTING,
  "urn:pulumi:prod::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:ServiceMesh$kubernetes:networking.istio.io/v1:Gateway::llmfleet-mesh-gateway-istio-system-deepseek-gateway": INFERENCE_POOL_ROUTING,
  "urn:pulumi:prod::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:ServiceMesh$kubernetes:networking.istio.io/v1:VirtualService::llmfleet-mesh-virtualservice-llm-serving-deepseek": INFERENCE_POOL_ROUTING,
  "urn:pulumi:prod::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:ServiceMesh$kubernetes:security.istio.io/v1:AuthorizationPolicy::llmfleet-mesh-authorizationpolicy-istio-system-deepseek-paths": INFERENCE_POOL_ROUTING,
  "urn:pulumi:prod::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:GpuNodePool$alicloud:cs/nodePool:NodePool::llmfleet-l20x8-pool": DEEPSEEK_ON_H20,
  "urn:pulumi:batch::llmfleet::llmfleet:index:LlmFleet$llmfleet:index:Monitoring$kubernetes:core/v1:ConfigMap::llmfleet-monitoring-configmap-monitoring-grafana-dashboard-llmfleet-serving":
    "the batch stack runs Horovod only, which exports no serving metrics: its vLLM serving dashboard charted nothing",
};

function shippedUrns(stack: string): string[] {
  const urns = JSON.parse(readFileSync(new URL(`fixtures/urns.${stack}.json`, import.meta.url), "utf8")) as string[];
  return urns.filter((urn) => RETIRED[urn] === undefined);
}

describe("shipped stacks keep their resource URNs", () => {
  for (const stack of STACKS) {
    it(`${stack}: every released URN is still registered or aliased`, async () => {
      const preview = await previewStack(loadStackFile({ stack }));
      const kept = new Set(preview.resources.flatMap((resource) => [resource.urn, ...resource.aliasUrns]));
      expect(shippedUrns(stack).filter((urn) => !kept.has(urn))).toEqual([]);
    });
  }
});
