/**
 * What `routing: inference-pool` needs from the rest of the stack, checked once on entry with the
 * other references (docs/routing.md): a gateway implementation that fits the mesh mode, no backup
 * (a pool has no failover), engines the endpoint picker reads, TLS it can serve.
 */
import { LlmfleetError } from "../errors/index.js";
import { ACK_ADDON_NAMES_CONFIRMED, ACK_GATEWAY_API_ADDON, ACK_INFERENCE_GATEWAY_ADDON } from "../inferencePool/pinned.js";
import { PICKER_ENGINES, isPickerEngine } from "../inferencePool/spec.js";
import { inferenceGatewayOf, prefixCacheRoutingOf, routingOf, type FleetConfig } from "./config.js";

/**
 * `prefixCacheRouting: precise` needs a picker (an inference-pool route) and engines that publish
 * KV-cache events the scheduler reads. vLLM does (`--kv-events-config`). llm-d-inference-scheduler
 * v0.8.0 builds its scorer with the vLLM adapter only (precise_prefix_cache.go:
 * `kvevents.NewPool(..., engineadapter.NewVLLMAdapter())`), so another engine's events, SGLang's
 * included, would not be read; BladeLLM publishes none.
 */
function precisePrefixProblems(config: FleetConfig): LlmfleetError[] {
  return config.routes.flatMap((route, index) => {
    if (prefixCacheRoutingOf(route) !== "precise") return [];
    if (routingOf(route) !== "inference-pool") {
      return [
        new LlmfleetError(
          `routes[${index}].prefixCacheRouting`,
          "precise",
          "precise prefix routing is done by an InferencePool's endpoint picker, and this route uses routing: mesh, which has no picker (Envoy picks the least-loaded pod)",
          "add routing: inference-pool to this route, or remove prefixCacheRouting",
        ),
      ];
    }
    return route.deployments.flatMap((member, position) => {
      const deploymentIndex = config.deployments.findIndex((d) => d.name === member.name);
      const deployment = config.deployments[deploymentIndex];
      if (deployment?.engine === "vllm" && deployment.prefixCaching === false) {
        return [
          new LlmfleetError(
            `deployments[${deploymentIndex}].prefixCaching`,
            false,
            `its route ${route.name} uses prefixCacheRouting: precise, which routes requests to the pod that holds their prefix in its cache, and without prefix caching vLLM keeps no prefix to reuse`,
            "remove prefixCaching: false (it is on by default), or set prefixCacheRouting: approximate on the route",
          ),
        ];
      }
      const engine = deployment?.engine;
      // Engines the picker cannot read at all are refused once, below.
      if (engine === undefined || engine === "vllm" || !isPickerEngine(engine)) return [];
      return [
        new LlmfleetError(
          `routes[${index}].deployments[${position}].name`,
          member.name,
          `runs engine ${engine}, whose KV-cache events llm-d's scheduler v0.8.0 does not read (it reads vLLM's only), so precise prefix routing would have no cache index for it`,
          "serve this route with vllm, or set prefixCacheRouting: approximate (the default) for it",
        ),
      ];
    });
  });
}

export function inferenceRoutingProblems(config: FleetConfig): LlmfleetError[] {
  return [...precisePrefixProblems(config), ...inferencePoolProblems(config)];
}

function inferencePoolProblems(config: FleetConfig): LlmfleetError[] {
  const routes = config.routes.map((route, index) => ({ route, index })).filter(({ route }) => routingOf(route) === "inference-pool");
  const first = routes[0];
  if (first === undefined) return [];
  const problems: LlmfleetError[] = [];
  const implementation = inferenceGatewayOf(config);
  const implementationKey = config.inferenceGateway === undefined ? `routes[${first.index}].routing` : "inferenceGateway.implementation";
  const implementationValue = config.inferenceGateway === undefined ? "inference-pool" : implementation;
  if (implementation === "istio" && config.mesh.mode !== "istio") {
    problems.push(
      new LlmfleetError(
        implementationKey,
        implementationValue,
        `inference-pool routes are served by istiod's Gateway API controller (inferenceGateway.implementation istio, the default), which mesh.mode ${config.mesh.mode} does not install with the inference extension enabled`,
        config.mesh.mode === "none" ? "set inferenceGateway.implementation: ack (ACK's Gateway with Inference Extension), or mesh.mode: istio" : "set mesh.mode: istio, or keep routing: mesh for this route",
      ),
    );
  }
  if (implementation === "ack" && config.mesh.mode !== "none") {
    problems.push(
      new LlmfleetError(
        "inferenceGateway.implementation",
        "ack",
        `ACK's gateway runs outside the mesh, and mesh.mode ${config.mesh.mode} makes the serving namespace accept only mutual TLS from mesh workloads, so every request from that gateway would be refused`,
        "use inferenceGateway.implementation: istio with mesh.mode: istio, or set mesh.mode: none to use ACK's gateway",
      ),
    );
  }
  for (const { route, index } of routes) {
    if (route.backup !== undefined) {
      problems.push(
        new LlmfleetError(
          `routes[${index}].backup`,
          route.backup,
          "an HTTPRoute splits traffic across pools by weight and has no failover between them, so a backup would either take its share all the time or never",
          `remove backup and list ${route.backup} under deployments with a weight if it should serve, or keep routing: mesh (its backup takes a version's traffic only when that version has no healthy pod)`,
        ),
      );
    }
    if (implementation === "istio" && route.deployments.length > 1) {
      problems.push(
        new LlmfleetError(
          `routes[${index}].routing`,
          "inference-pool",
          `route ${route.name} splits traffic across ${route.deployments.length} deployments, and Istio attaches one endpoint picker to an HTTPRoute rule — the last weighted backend's (istio/istio pilot/pkg/config/kube/gateway/conversion.go buildHTTPDestination keeps one inference-pool config per rule) — so every request is scheduled by that pool's picker, the others' shares lose inference-aware routing and one picker's outage fails the whole route`,
          "keep routing: mesh for canary and weighted routes, or route one deployment per inference-pool route",
        ),
      );
    }
    if (implementation === "ack" && route.tls !== undefined) {
      problems.push(
        new LlmfleetError(
          `routes[${index}].tls`,
          route.tls,
          "with inferenceGateway.implementation ack the stack creates no TLS Secret (it creates them in istio-system for the Istio gateway); ACK's Gateway reads its certificate from the serving namespace",
          `remove tls, create the Secret in namespace ${config.namespace}, name it in tlsCredentialName and declare it under externalObjects`,
        ),
      );
    }
    route.deployments.forEach((member, position) => {
      const deploymentIndex = config.deployments.findIndex((d) => d.name === member.name);
      if (config.deployments[deploymentIndex]?.autoscaling?.scaleToZero === true) {
        problems.push(
          new LlmfleetError(
            `deployments[${deploymentIndex}].autoscaling.scaleToZero`,
            true,
            `its route ${route.name} uses routing: inference-pool, where requests are not counted at the route's Service that wakes a deployment scaled to zero, so it would never wake`,
            "set scaleToZero: false (keep minReplicas ≥ 1), or keep routing: mesh for this route",
          ),
        );
      }
      const engine = config.deployments[deploymentIndex]?.engine;
      if (engine !== undefined && !isPickerEngine(engine)) {
        problems.push(
          new LlmfleetError(
            `routes[${index}].deployments[${position}].name`,
            member.name,
            `runs engine ${engine}, whose metrics the endpoint picker cannot read (it reads ${PICKER_ENGINES.join(" and ")})`,
            "keep routing: mesh for this route, or serve it with vllm or sglang",
          ),
        );
      }
    });
  }
  return problems;
}

/** What the preview and `pulumi up` say about an inference-pool setup llmfleet could not confirm upstream. */
export function inferenceRoutingWarnings(config: FleetConfig): string[] {
  if (!config.routes.some((route) => routingOf(route) === "inference-pool") || inferenceGatewayOf(config) !== "ack") return [];
  if (ACK_ADDON_NAMES_CONFIRMED) return [];
  return [
    `inferenceGateway.implementation ack installs ACK components named ${ACK_GATEWAY_API_ADDON} and ${ACK_INFERENCE_GATEWAY_ADDON} (from ACK's component pages; ` +
      "neither the alicloud provider nor ACK's API reference lists them): check `aliyun cs DescribeAddons` for your region before pulumi up, and install them from the console if the names differ (docs/routing.md)",
  ];
}
