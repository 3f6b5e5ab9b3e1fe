/**
 * Istio traffic settings for generation requests. Retries multiply load on a saturated model and
 * re-run whole generations; DestinationRules need outlier detection, bounded pools and
 * least-request balancing; the gateway serves named hosts over TLS only.
 */
import { isEndpointPickerLabelled } from "../inferencePools.js";
import { isKind, kubernetesObjectOf, type PolicyObject } from "../kubernetes.js";
import { durationSeconds } from "../mesh.js";
import { violation, type PolicyResource, type ResourceRule, type Violation } from "../types.js";
import { at, isUnknown, numberAt, objectAt, objectsAt, stringAt, stringsAt } from "../values.js";

function istioObject(resource: PolicyResource, kind: string): PolicyObject | undefined {
  const object = kubernetesObjectOf(resource);
  return object !== undefined && isKind(object, "networking.istio.io", kind) ? object : undefined;
}

/** Retry conditions that cannot have reached the engine, so retrying them never repeats a generation. */
const SAFE_RETRY_ON = new Set(["connect-failure", "refused-stream"]);

function routeViolations(rule: string, resource: PolicyResource, service: PolicyObject, route: unknown, index: number, minTimeoutSeconds: number): Violation[] {
  const where = `${service.ref} http route ${stringAt(route, "name") ?? index}`;
  const retries = objectAt(route, "retries");
  const found: Violation[] = [];
  if (retries === undefined && !isUnknown(at(route, "retries"))) {
    found.push(violation(rule, resource, {
      what: `${where} does not set retries`,
      why: "Istio then retries twice, including on 503, which triples the load on a saturated model",
      fix: 'set retries { attempts: 1, retryOn: "connect-failure,refused-stream" } (or attempts: 0)',
    }));
  }
  const attempts = numberAt(retries, "attempts");
  if (attempts !== undefined && attempts > 1) {
    found.push(violation(rule, resource, {
      what: `${where} retries ${attempts} times`,
      why: "each retry re-runs a whole generation on a model that is probably overloaded already",
      fix: "set retries.attempts to 1 or 0",
    }));
  }
  const unsafe = (stringAt(retries, "retryOn") ?? "").split(",").map((condition) => condition.trim()).filter((condition) => condition !== "" && !SAFE_RETRY_ON.has(condition));
  if (unsafe.length > 0 && attempts !== 0) {
    found.push(violation(rule, resource, {
      what: `${where} retries on ${unsafe.join(", ")}`,
      why: "these conditions occur after the request reached the engine, so the retry repeats a generation (and a streamed response cannot be retried after its first byte)",
      fix: 'set retries.retryOn: "connect-failure,refused-stream"',
    }));
  }
  if (at(retries, "perTryTimeout") !== undefined) {
    found.push(violation(rule, resource, {
      what: `${where} sets retries.perTryTimeout`,
      why: "a long generation exceeds it and is started again from scratch",
      fix: "remove retries.perTryTimeout and bound requests with the route timeout",
    }));
  }
  const timeout = durationSeconds(at(route, "timeout"));
  if (timeout !== undefined && timeout > 0 && timeout < minTimeoutSeconds) {
    found.push(violation(rule, resource, {
      what: `${where} times out after ${timeout} s`,
      why: "long generations are cut off mid-stream",
      fix: `set timeout to at least ${minTimeoutSeconds}s (or the longest generation you serve)`,
    }));
  }
  return found;
}

export const noGenerationRetries: ResourceRule = {
  name: "no-generation-retries",
  description: "VirtualService HTTP routes set retries explicitly to at most one attempt on connect-failure/refused-stream, without perTryTimeout, and a timeout long enough for a generation.",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "skipped",
  settings: ["minRouteTimeoutSeconds"],
  check(resource, config) {
    const service = istioObject(resource, "VirtualService");
    if (service === undefined) return [];
    return objectsAt(service.body, "spec", "http").flatMap((route, index) => routeViolations(this.name, resource, service, route, index, config.minRouteTimeoutSeconds));
  },
};

export const drResilience: ResourceRule = {
  name: "dr-resilience",
  description: "DestinationRules set outlier detection, a bounded HTTP connection pool, and LEAST_REQUEST (or consistent-hash) load balancing.",
  defaultEnforcement: "advisory",
  scope: "resource",
  chartObjects: "skipped",
  check(resource) {
    const rule = istioObject(resource, "DestinationRule");
    if (rule === undefined) return [];
    // An endpoint picker's rule fronts its gRPC (one ready leader, no batching), not a model.
    if (isEndpointPickerLabelled(rule.labels)) return [];
    const policy = objectAt(rule.body, "spec", "trafficPolicy");
    if (isUnknown(at(rule.body, "spec", "trafficPolicy"))) return [];
    const found: Violation[] = [];
    if (objectAt(policy, "outlierDetection") === undefined) {
      found.push(violation(this.name, resource, {
        what: `${rule.ref} has no outlierDetection`,
        why: "a replica whose engine has hung keeps receiving its share of requests, and locality failover does not work without it",
        fix: "set trafficPolicy.outlierDetection { consecutive5xxErrors: 5, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50 }",
      }));
    }
    const http = objectAt(policy, "connectionPool", "http");
    if (at(http, "http2MaxRequests") === undefined && at(http, "http1MaxPendingRequests") === undefined) {
      found.push(violation(this.name, resource, {
        what: `${rule.ref} leaves the connection pool unbounded`,
        why: "Istio's default pool queues without limit in front of a model that can only batch so many sequences",
        fix: "set trafficPolicy.connectionPool.http.http2MaxRequests and http1MaxPendingRequests near the engine's max-num-seqs",
      }));
    }
    const balancer = objectAt(policy, "loadBalancer");
    if (stringAt(balancer, "simple") !== "LEAST_REQUEST" && objectAt(balancer, "consistentHash") === undefined) {
      found.push(violation(this.name, resource, {
        what: `${rule.ref} balances with ${stringAt(balancer, "simple") ?? "the default"} policy`,
        why: "generation requests vary in length by orders of magnitude, so round-robin piles long requests onto busy replicas",
        fix: "set trafficPolicy.loadBalancer.simple: LEAST_REQUEST (or consistentHash for prefix-cache affinity)",
      }));
    }
    return found;
  },
};

const BROAD_HOST = /(^|\/)\*$/;
const TLS_MODES = new Set(["SIMPLE", "MUTUAL", "ISTIO_MUTUAL", "OPTIONAL_MUTUAL"]);

export const gatewayHosts: ResourceRule = {
  name: "gateway-hosts",
  description: "Istio Gateway servers name their hosts (no bare *), terminate TLS with a credentialName, and redirect plain HTTP to HTTPS.",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "checked",
  check(resource) {
    const gateway = istioObject(resource, "Gateway");
    if (gateway === undefined) return [];
    return objectsAt(gateway.body, "spec", "servers").flatMap((server, index): Violation[] => {
      const where = `${gateway.ref} server ${stringAt(server, "name") ?? index}`;
      const protocol = stringAt(server, "port", "protocol") ?? "";
      const found: Violation[] = [];
      const broad = stringsAt(server, "hosts").filter((host) => BROAD_HOST.test(host));
      if (broad.length > 0) {
        found.push(violation(this.name, resource, {
          what: `${where} accepts hosts ${broad.join(", ")}`,
          why: "a wildcard gateway answers for any Host header, so routes meant for one domain are reachable under every name pointed at the load balancer",
          fix: "list the fully qualified hostnames the gateway serves",
        }));
      }
      if (protocol === "HTTPS" || protocol === "TLS") {
        if (stringAt(server, "tls", "credentialName") === undefined || !TLS_MODES.has(stringAt(server, "tls", "mode") ?? "")) {
          found.push(violation(this.name, resource, {
            what: `${where} serves ${protocol} without tls.mode SIMPLE/MUTUAL and a credentialName`,
            why: "certificates from files baked into the gateway cannot be rotated, and PASSTHROUGH skips the gateway's authentication",
            fix: "set tls { mode: SIMPLE, credentialName: <Secret in the gateway namespace> }",
          }));
        }
      } else if (protocol === "HTTP" && at(server, "tls", "httpsRedirect") !== true) {
        found.push(violation(this.name, resource, {
          what: `${where} serves plain HTTP`,
          why: "API keys and prompts cross the network unencrypted",
          fix: "set tls.httpsRedirect: true on the HTTP server and serve requests on an HTTPS server",
        }));
      }
      return found;
    });
  },
};
