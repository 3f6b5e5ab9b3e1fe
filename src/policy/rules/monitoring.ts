/**
 * Grafana and Prometheus stay private and Grafana's admin password stays out of Pulumi state:
 * kube-prometheus-stack defaulted the Grafana admin password to `prom-operator` until 79.x, and
 * values given to a Helm chart are stored in plain text (pulumi-kubernetes #1353). Prometheus has no
 * authentication, and its admin API and lifecycle endpoints can delete data or stop it.
 */
import { helmChartOf } from "../helmCharts.js";
import { isKind, kubernetesObjectOf } from "../kubernetes.js";
import { violation, type PolicyResource, type ResourceRule, type Violation } from "../types.js";
import { at, objectAt, stringAt, stringsAt, type PlainObject } from "../values.js";

const PUBLIC_SERVICE_TYPES = new Set(["LoadBalancer", "NodePort"]);

/** Values of the Grafana (or Prometheus server) sub-chart: the chart's own values, or a key of an umbrella chart. */
function componentValues(resource: PolicyResource, component: "grafana" | "prometheus"): { readonly values: PlainObject; readonly prefix: string; readonly ref: string } | undefined {
  const chart = helmChartOf(resource);
  if (chart === undefined) return undefined;
  if (chart.chart === "kube-prometheus-stack") {
    const values = objectAt(chart.values, component) ?? {};
    return at(values, "enabled") === false ? undefined : { values, prefix: `${component}.`, ref: chart.ref };
  }
  if (component === "grafana" && chart.chart === "grafana") return { values: chart.values, prefix: "", ref: chart.ref };
  if (component === "prometheus" && chart.chart === "prometheus") return { values: objectAt(chart.values, "server") ?? {}, prefix: "server.", ref: chart.ref };
  return undefined;
}

function exposureViolations(rule: string, resource: PolicyResource, values: PlainObject, prefix: string, what: string): Violation[] {
  const found: Violation[] = [];
  const type = stringAt(values, "service", "type");
  if (type !== undefined && PUBLIC_SERVICE_TYPES.has(type)) {
    found.push(violation(rule, resource, {
      what: `${what} sets ${prefix}service.type: ${type}`,
      why: "it publishes the UI and API outside the cluster, where Kubescape C-0021 flags it",
      fix: `remove ${prefix}service.type (ClusterIP) and reach it with kubectl port-forward or through the authenticated gateway`,
    }));
  }
  if (at(values, "ingress", "enabled") === true) {
    found.push(violation(rule, resource, {
      what: `${what} enables ${prefix}ingress`,
      why: "an Ingress publishes it past the gateway's authentication",
      fix: `set ${prefix}ingress.enabled: false`,
    }));
  }
  return found;
}

export const grafanaSecure: ResourceRule = {
  name: "grafana-secure",
  description: "Grafana takes its admin password from an existing Secret, has anonymous access off, and is not exposed by a public Service or Ingress.",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "checked",
  check(resource) {
    const grafana = componentValues(resource, "grafana");
    if (grafana === undefined) return [];
    const { values, prefix, ref } = grafana;
    const found = exposureViolations(this.name, resource, values, prefix, ref);
    if (stringAt(values, "admin", "existingSecret") === undefined) {
      const literal = at(values, "adminPassword") !== undefined;
      found.push(violation(this.name, resource, {
        what: `${ref} has no ${prefix}admin.existingSecret`,
        why: literal ? "the adminPassword value is stored in plain text in Pulumi state and the rendered manifests" : "the chart then uses its default or a generated password (prom-operator before 79.x)",
        fix: `create the password with random.RandomPassword, store it in a Secret and set ${prefix}admin.existingSecret${literal ? `, removing ${prefix}adminPassword` : ""}`,
      }));
    }
    if (at(values, "grafana.ini", "auth.anonymous", "enabled") === true) {
      found.push(violation(this.name, resource, {
        what: `${ref} enables anonymous access`,
        why: "anyone who reaches Grafana can browse dashboards and query Prometheus through it",
        fix: `set ${prefix}grafana.ini."auth.anonymous".enabled: false`,
      }));
    }
    return found;
  },
};

/** Prometheus flags that let any client stop it or delete series. */
const DANGEROUS_FLAGS = ["web.enable-lifecycle", "web.enable-admin-api"];

export const prometheusPrivate: ResourceRule = {
  name: "prometheus-private",
  description: "Prometheus stays ClusterIP without an Ingress, with its admin API and lifecycle endpoints off.",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "checked",
  check(resource) {
    const object = kubernetesObjectOf(resource);
    if (object !== undefined && isKind(object, "monitoring.coreos.com", "Prometheus") && at(object.body, "spec", "enableAdminAPI") === true) {
      return [violation(this.name, resource, {
        what: `${object.ref} enables the admin API`,
        why: "Prometheus has no authentication, so any pod can delete series or snapshot the database",
        fix: "remove spec.enableAdminAPI",
      })];
    }
    const prometheus = componentValues(resource, "prometheus");
    if (prometheus === undefined) return [];
    const { values, prefix, ref } = prometheus;
    const found = exposureViolations(this.name, resource, values, prefix, ref);
    if (at(values, "prometheusSpec", "enableAdminAPI") === true) {
      found.push(violation(this.name, resource, {
        what: `${ref} sets ${prefix}prometheusSpec.enableAdminAPI`,
        why: "Prometheus has no authentication, so any pod can delete series or snapshot the database",
        fix: `set ${prefix}prometheusSpec.enableAdminAPI: false`,
      }));
    }
    if (prefix === "server.") {
      // The standalone chart turns the lifecycle endpoint on unless extraFlags is replaced.
      const flags = at(values, "extraFlags") === undefined ? ["web.enable-lifecycle"] : stringsAt(values, "extraFlags");
      const dangerous = flags.filter((flag) => DANGEROUS_FLAGS.includes(flag.replace(/^--/, "")));
      if (dangerous.length > 0) {
        found.push(violation(this.name, resource, {
          what: `${ref} runs Prometheus with ${dangerous.join(", ")}${at(values, "extraFlags") === undefined ? " (the chart default)" : ""}`,
          why: "any pod can then shut Prometheus down or delete data through unauthenticated endpoints",
          fix: "set server.extraFlags to a list without web.enable-lifecycle and web.enable-admin-api (e.g. [])",
        }));
      }
    }
    return found;
  },
};
