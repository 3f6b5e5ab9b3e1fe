/**
 * Where a previewed stack will answer requests, read from the objects it applies: for each gateway
 * host, the URL, the model name to send, the API key Secret(s) of the deployments behind it and the
 * gateway that must resolve the host; for inference Services no route reaches, the in-cluster URL.
 */
import { engineDefinitions } from "../engines/index.js";
import { kubernetesObjectOf, type PolicyObject } from "../policy/kubernetes.js";
import { argvOf, containersOf, isServingTemplate, podTemplatesOfObject, type PodTemplate } from "../policy/podTemplates.js";
import { mapSelectorMatches } from "../policy/selectors.js";
import { numberAt, objectsAt, stringAt, stringMapAt, stringsAt } from "../policy/values.js";
import { templatesOfPool } from "./inferencePools.js";
import type { RecordedResource } from "./recorder.js";

/** A Secret key holding an API key the engine checks (its definition's `apiKeyEnv`, e.g. `VLLM_API_KEY`). */
export interface ApiKeySecret {
  readonly namespace: string;
  readonly secret: string;
  readonly key: string;
}

export interface Endpoint {
  /** The route (VirtualService) or, in-cluster, the Service. */
  readonly name: string;
  /** Base of the OpenAI-compatible API, e.g. `https://qwen.example.com`. */
  readonly baseUrl: string;
  /** The model name requests must carry (vLLM's `--served-model-name`). */
  readonly model: string;
  /** The API key Secret of each deployment behind the endpoint; empty when the engine checks none. */
  readonly apiKeys: readonly ApiKeySecret[];
  /** The ingress gateway the host must resolve to (namespace and label selector of its Service); null in-cluster. */
  readonly gateway: { readonly namespace: string; readonly selector: Readonly<Record<string, string>> } | null;
  /** A Gateway API Gateway (routing: inference-pool): its address is in its status. */
  readonly gatewayApi?: { readonly namespace: string; readonly name: string };
}

/** The environment variables engines read their API key from (src/engines/<name>). */
const API_KEY_ENVS: ReadonlySet<string> = new Set(engineDefinitions().flatMap((engine) => (engine.apiKeyEnv === null ? [] : [engine.apiKeyEnv])));
const CLUSTER_HOST = /^([^.]+)\.([^.]+)\.svc\.cluster\.local$/;

interface Backend {
  readonly model: string;
  readonly apiKey: ApiKeySecret | undefined;
}

/** What a serving pod template answers to: its served model name and API key Secret. */
function backendOf(template: PodTemplate): Backend {
  const namespace = template.object.namespace ?? "default";
  const container = containersOf(template).find((c) => !c.init && argvOf(c).includes("--served-model-name")) ?? containersOf(template).find((c) => !c.init);
  const argv = container === undefined ? [] : argvOf(container);
  const named = argv[argv.indexOf("--served-model-name") + 1];
  const model = argv.includes("--served-model-name") && named !== undefined ? named : (template.labels["llmfleet.io/model"] ?? template.object.name);
  const env = container === undefined ? undefined : objectsAt(container.body, "env").find((entry) => API_KEY_ENVS.has(stringAt(entry, "name") ?? ""));
  const secret = stringAt(env, "valueFrom", "secretKeyRef", "name");
  const key = stringAt(env, "valueFrom", "secretKeyRef", "key");
  return { model, apiKey: secret === undefined || key === undefined ? undefined : { namespace, secret, key } };
}

function unique<T>(items: readonly T[], keyOf: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(keyOf(item))) seen.set(keyOf(item), item);
  return [...seen.values()];
}

const apiKeyId = (key: ApiKeySecret): string => `${key.namespace}/${key.secret}/${key.key}`;

/** The endpoints of a previewed stack, gateway routes first, then inference Services no route reaches. */
export function stackEndpoints(resources: readonly RecordedResource[]): Endpoint[] {
  const objects = resources
    .map((r) => kubernetesObjectOf({ type: r.type, name: r.name, urn: r.urn, props: r.inputs }))
    .filter((o): o is PolicyObject => o !== undefined);
  const serving = objects.flatMap(podTemplatesOfObject).filter(isServingTemplate);
  const services = objects.filter((o) => o.kind === "Service");
  const templatesBehind = (service: PolicyObject): PodTemplate[] => {
    const selector = stringMapAt(service.body, "spec", "selector");
    if (Object.keys(selector).length === 0) return [];
    return serving.filter((t) => t.object.namespace === service.namespace && mapSelectorMatches(selector, t.labels));
  };
  const gateways = new Map(objects.filter((o) => o.kind === "Gateway").map((g) => [`${g.namespace ?? "default"}/${g.name}`, g]));

  const endpoints: Endpoint[] = [];
  const reached = new Set<PodTemplate>();
  for (const route of objects.filter((o) => o.kind === "VirtualService")) {
    const gateway = stringsAt(route.body, "spec", "gateways").map((name) => gateways.get(name.includes("/") ? name : `${route.namespace ?? "default"}/${name}`)).find((g) => g !== undefined);
    if (gateway === undefined) continue;
    const destinations = objectsAt(route.body, "spec", "http").flatMap((http) => objectsAt(http, "route")).map((r) => stringAt(r, "destination", "host"));
    const templates = unique(
      destinations.flatMap((host) => {
        const match = host === undefined ? null : CLUSTER_HOST.exec(host);
        const service = match === null ? undefined : services.find((s) => s.name === match[1] && s.namespace === match[2]);
        return service === undefined ? [] : templatesBehind(service);
      }),
      (t) => t.where,
    );
    if (templates.length === 0) continue;
    templates.forEach((t) => reached.add(t));
    const backends = templates.map(backendOf);
    const servers = objectsAt(gateway.body, "spec", "servers");
    for (const host of stringsAt(route.body, "spec", "hosts")) {
      const https = servers.some((server) => stringsAt(server, "hosts").includes(host) && stringAt(server, "port", "protocol") === "HTTPS");
      endpoints.push({
        name: route.name,
        baseUrl: `${https ? "https" : "http"}://${host}`,
        model: backends[0]?.model ?? route.name,
        apiKeys: unique(backends.flatMap((b) => (b.apiKey === undefined ? [] : [b.apiKey])), apiKeyId),
        gateway: { namespace: gateway.namespace ?? "istio-system", selector: stringMapAt(gateway.body, "spec", "selector") },
      });
    }
  }

  // routing: inference-pool: an HTTPRoute whose backends are InferencePools, on a Gateway API Gateway.
  const pools = objects.filter((o) => o.kind === "InferencePool");
  for (const route of objects.filter((o) => o.kind === "HTTPRoute")) {
    const refs = objectsAt(route.body, "spec", "rules").flatMap((rule) => objectsAt(rule, "backendRefs")).filter((ref) => stringAt(ref, "kind") === "InferencePool");
    const parent = objectsAt(route.body, "spec", "parentRefs")[0];
    const gatewayKey = `${stringAt(parent, "namespace") ?? route.namespace ?? "default"}/${stringAt(parent, "name") ?? ""}`;
    const gateway = [...gateways.values()].find((g) => g.apiVersion.startsWith("gateway.networking.k8s.io/") && `${g.namespace ?? "default"}/${g.name}` === gatewayKey);
    if (refs.length === 0 || gateway === undefined) continue;
    const templates = unique(
      refs.flatMap((ref) => pools.filter((p) => p.name === stringAt(ref, "name") && p.namespace === route.namespace).flatMap((pool) => templatesOfPool(pool, serving))),
      (t) => t.where,
    );
    if (templates.length === 0) continue;
    templates.forEach((t) => reached.add(t));
    const backends = templates.map(backendOf);
    const listeners = objectsAt(gateway.body, "spec", "listeners");
    for (const host of stringsAt(route.body, "spec", "hostnames")) {
      const https = listeners.some((listener) => stringAt(listener, "hostname") === host && stringAt(listener, "protocol") === "HTTPS");
      endpoints.push({
        name: route.name,
        baseUrl: `${https ? "https" : "http"}://${host}`,
        model: backends[0]?.model ?? route.name,
        apiKeys: unique(backends.flatMap((b) => (b.apiKey === undefined ? [] : [b.apiKey])), apiKeyId),
        gateway: { namespace: gateway.namespace ?? "default", selector: { "gateway.networking.k8s.io/gateway-name": gateway.name } },
        gatewayApi: { namespace: gateway.namespace ?? "default", name: gateway.name },
      });
    }
  }

  for (const service of services) {
    const port = objectsAt(service.body, "spec", "ports").find((p) => stringAt(p, "name") === "http");
    const templates = templatesBehind(service).filter((t) => !reached.has(t));
    // The per-deployment Service only: a route's shared Service selects templates already reached.
    if (port === undefined || templates.length === 0 || service.labels["app.kubernetes.io/component"] !== "inference") continue;
    const backends = templates.map(backendOf);
    endpoints.push({
      name: service.name,
      baseUrl: `http://${service.name}.${service.namespace ?? "default"}.svc.cluster.local:${numberAt(port, "port") ?? 80}`,
      model: backends[0]?.model ?? service.name,
      apiKeys: unique(backends.flatMap((b) => (b.apiKey === undefined ? [] : [b.apiKey])), apiKeyId),
      gateway: null,
    });
  }
  return endpoints;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** How to call one endpoint, as indented lines: URL, model, where the key is, and a sample curl. */
export function howToCall(endpoint: Endpoint): string[] {
  const url = `${endpoint.baseUrl}/v1/chat/completions`;
  const body = JSON.stringify({ model: endpoint.model, messages: [{ role: "user", content: "Hello" }] });
  const lines = [`${endpoint.name}${endpoint.gateway === null ? " (in-cluster only: no route reaches it)" : ""}: ${endpoint.baseUrl}/v1, model "${endpoint.model}"`];
  const [key, ...otherKeys] = endpoint.apiKeys;
  if (key === undefined) lines.push("  API key: none checked by the engine");
  else if (otherKeys.length === 0) lines.push(`  API key: Secret ${key.namespace}/${key.secret}, key ${key.key}`);
  else {
    lines.push(
      `  API keys: one per deployment, and each accepts only its own: ${endpoint.apiKeys.map((k) => `Secret ${k.namespace}/${k.secret}`).join(", ")};`,
      "  a client holding one key is refused (401) on the traffic routed to the others",
    );
  }
  const curl = [`curl ${url}`];
  if (endpoint.gateway !== null) {
    const host = new URL(endpoint.baseUrl).host;
    const port = endpoint.baseUrl.startsWith("https") ? 443 : 80;
    const selector = Object.entries(endpoint.gateway.selector).map(([k, v]) => `${k}=${v}`).join(",");
    lines.push(
      `  ${host} must resolve to the ingress gateway's load balancer; until DNS does, --resolve points curl at it:`,
      endpoint.gatewayApi === undefined
        ? `    GATEWAY=$(kubectl -n ${endpoint.gateway.namespace} get service -l ${selector} -o jsonpath='{.items[0].status.loadBalancer.ingress[0].ip}')`
        : `    GATEWAY=$(kubectl -n ${endpoint.gatewayApi.namespace} get gateway ${endpoint.gatewayApi.name} -o jsonpath='{.status.addresses[0].value}')`,
    );
    curl.push(`--resolve ${host}:${port}:$GATEWAY`);
  } else {
    const service = new URL(endpoint.baseUrl);
    const [name, namespace] = service.hostname.split(".");
    lines.push(`  from outside the cluster: kubectl -n ${namespace ?? "default"} port-forward service/${name ?? endpoint.name} ${service.port}:${service.port}, then use http://localhost:${service.port}`);
  }
  if (key !== undefined) {
    lines.push(`    KEY=$(kubectl -n ${key.namespace} get secret ${key.secret} -o jsonpath='{.data.${key.key}}' | base64 -d)`);
    curl.push(`-H "Authorization: Bearer $KEY"`);
  }
  curl.push(`-H 'Content-Type: application/json' -d ${shellQuote(body)}`);
  lines.push(`    ${curl.join(" ")}`);
  return lines;
}
