import { DEFAULT_PROMETHEUS_ADDRESS } from "../deployment/schema.js";
import { LlmfleetError } from "../errors/index.js";
import { routeTlsSecretName, type FleetConfig } from "./config.js";

function duplicates(names: readonly string[]): string[] {
  return names.filter((value, index) => names.indexOf(value) !== index);
}

/**
 * Checks what a schema cannot: names are unique, references point at something that exists,
 * canary weights add up, and environment rules (no spot in prod). Reports every problem at once.
 */
export function referenceProblems(config: FleetConfig): LlmfleetError[] {
  const problems: LlmfleetError[] = [];
  const poolNames = config.nodePools.map((p) => p.name);
  const deploymentNames = config.deployments.map((d) => d.name);
  const add = (field: string, value: unknown, reason: string, fix: string): void => {
    problems.push(new LlmfleetError(field, value, reason, fix));
  };

  for (const name of duplicates(poolNames)) add("nodePools", name, "two node pools have this name", "give each pool a unique name");
  for (const name of duplicates(deploymentNames)) add("deployments", name, "two deployments have this name", "give each deployment a unique name");

  config.nodePools.forEach((pool, i) => {
    if (pool.autoscaling !== undefined && pool.autoscaling.minNodes > pool.autoscaling.maxNodes) {
      add(`nodePools[${i}].autoscaling.minNodes`, pool.autoscaling.minNodes, `is above maxNodes ${pool.autoscaling.maxNodes}`, "make minNodes ≤ maxNodes");
    }
    if (pool.autoscaling === undefined && !config.deployments.some((d) => d.pool === pool.name)) {
      add(`nodePools[${i}]`, pool.name, "no deployment runs on this pool, so its size derived from deployments would be zero nodes", "remove the pool, point a deployment at it, or give it autoscaling bounds");
    }
    if (pool.spot && config.environment === "prod") {
      add(`nodePools[${i}].spot`, true, "spot instances can be reclaimed at any time, which prod does not accept", "set spot: false for prod pools");
    }
  });

  config.deployments.forEach((deployment, i) => {
    if (!poolNames.includes(deployment.pool)) {
      add(`deployments[${i}].pool`, deployment.pool, "no node pool has this name", `use one of ${poolNames.join(", ")}`);
    }
    const scaling = deployment.autoscaling;
    if (scaling !== undefined && scaling.minReplicas > scaling.maxReplicas) {
      add(`deployments[${i}].autoscaling.minReplicas`, scaling.minReplicas, `is above maxReplicas ${scaling.maxReplicas}`, "make minReplicas ≤ maxReplicas");
    }
    if (scaling?.scaleToZero === true && config.mesh.mode === "none") {
      add(`deployments[${i}].autoscaling.scaleToZero`, true, "the request count that wakes a deployment at zero comes from the Istio ingress gateway, and mesh.mode none deploys none", "set mesh.mode: istio (or asm), or remove scaleToZero");
    }
    // KEDA reads the queue from this address; without the stack's Prometheus nothing answers there and
    // the ScaledObject never scales (KEDA reports the trigger as failing, the HPA holds its replicas).
    if (scaling !== undefined && config.monitoring.mode !== "kube-prometheus-stack" && scaling.prometheusAddress === DEFAULT_PROMETHEUS_ADDRESS) {
      add(
        `deployments[${i}].autoscaling`,
        { minReplicas: scaling.minReplicas, maxReplicas: scaling.maxReplicas },
        `scales on the queue metric read from ${DEFAULT_PROMETHEUS_ADDRESS}, but monitoring.mode ${config.monitoring.mode} deploys no Prometheus there`,
        "set monitoring.mode: kube-prometheus-stack, or give autoscaling.prometheusAddress of a Prometheus that scrapes the engines with llmfleet's ServiceMonitor (job and deployment labels), or remove autoscaling for a fixed replicas count",
      );
    }
  });

  // ARMS's agent is outside the mesh and has no certificate for the engines' STRICT mTLS port. With
  // Istio llmfleet installs, it scrapes pilot-agent's merged endpoint instead (src/mesh/metricsMerge.ts,
  // meshConfig.enablePrometheusMerge set in istiod's values); ASM's control plane is Alibaba's, so
  // llmfleet can neither set nor see its metrics merging.
  if (config.monitoring.mode === "arms" && config.mesh.mode === "asm") {
    add(
      "monitoring.mode",
      "arms",
      "the ARMS agent has no mesh certificate, so it can read engines behind the asm mesh's STRICT mTLS only through Istio's metrics merging, which lives in ASM's managed mesh configuration that llmfleet neither sets nor checks: engine metrics, dashboards and alerts could all be empty",
      "use mesh.mode: istio (llmfleet enables metrics merging and ARMS scrapes the merged endpoint), or monitoring.mode: kube-prometheus-stack (its Prometheus scrapes with Istio's certificates)",
    );
  }

  const routed = new Map<string, string>();
  config.routes.forEach((route, i) => {
    const members = [...route.deployments.map((d) => d.name), ...(route.backup === undefined ? [] : [route.backup])];
    members.forEach((member) => {
      if (!deploymentNames.includes(member)) {
        add(`routes[${i}].deployments`, member, "no deployment has this name", `use one of ${deploymentNames.join(", ")}`);
      }
      const other = routed.get(member);
      if (other !== undefined && other !== route.name) add(`routes[${i}].deployments`, member, `is already routed by ${other}`, "route each deployment once");
      routed.set(member, route.name);
    });
    const total = route.deployments.reduce((sum, d) => sum + d.weight, 0);
    if (total !== 100) add(`routes[${i}].deployments`, route.deployments, `weights sum to ${total}, not 100`, "make the weights add up to 100");
    if (route.backup !== undefined && route.deployments.some((d) => d.name === route.backup)) {
      add(`routes[${i}].backup`, route.backup, "the backup is also a weighted target", "name a deployment that is not in the weighted list");
    }
    const versions = members.map((member) => config.deployments.find((d) => d.name === member)?.version);
    if (new Set(versions).size !== versions.length) {
      add(`routes[${i}].deployments`, versions, "deployments of one route need distinct version labels (the mesh splits traffic by version)", "give each deployment of the route its own version");
    }
    const secrets = new Set(members.map((member) => config.deployments.find((d) => d.name === member)?.apiKeySecretName));
    if (secrets.size > 1) {
      add(
        `routes[${i}].deployments`,
        [...secrets].map((secret) => secret ?? "(generated)"),
        "the deployments of one route share one API key (a client of the route may reach any of them), but they name different apiKeySecretName values",
        "give every deployment of the route the same apiKeySecretName, or remove it from all of them to let the stack generate one key for the route",
      );
    }
    const models = new Set(members.map((member) => config.deployments.find((d) => d.name === member)?.model).filter((m) => m !== undefined));
    if (models.size > 1) {
      add(`routes[${i}].deployments`, [...models], "deployments of one route must serve the same model", "route different models under different names");
    }
  });
  const tlsKeys = new Map<string, string>();
  config.routes.forEach((route, i) => {
    const secret = routeTlsSecretName(route);
    if (route.tls === undefined || secret === undefined) return;
    const keys = `${route.tls.certificateConfigKey}/${route.tls.privateKeyConfigKey}`;
    const other = tlsKeys.get(secret);
    if (other !== undefined && other !== keys) {
      add(`routes[${i}].tls`, route.tls, `another route creates TLS Secret ${secret} from other config keys (${other})`, "give routes that share a tlsCredentialName the same tls config keys, or give this route its own tlsCredentialName");
    }
    tlsKeys.set(secret, keys);
    if (config.externalObjects.some((o) => o.kind === "Secret" && o.namespace === "istio-system" && o.name === secret)) {
      add(`routes[${i}].tls`, route.tls, `externalObjects declares Secret istio-system/${secret} as created outside the stack, and tls would create it too`, "keep one: remove tls to keep the Secret you create with kubectl, or remove the externalObjects entry to let the stack create it");
    }
  });
  return problems;
}
