/**
 * Nothing is reachable from outside the cluster except the Istio ingress gateway: vLLM, Prometheus
 * and Grafana exposed directly are what Kubescape C-0021 flags, and vLLM leaves /invocations, /pause
 * and /metrics unauthenticated even with --api-key (vllm #18892).
 */
import { isKind, kubernetesObjectOf } from "../kubernetes.js";
import { mapSelectorMatches } from "../selectors.js";
import { violation, type ResourceRule, type Violation } from "../types.js";
import { arrayAt, at, isUnknown, stringAt, stringMapAt } from "../values.js";

/** ACK's annotation that makes a LoadBalancer Service get an internal (VPC-only) CLB address. */
export const ACK_INTRANET_ANNOTATION = "service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type";

export const noPublicServices: ResourceRule = {
  name: "no-public-services",
  description: "Only the ingress gateway Service may be a LoadBalancer or NodePort; other Services stay ClusterIP (or an intranet LoadBalancer), with no external IPs and no Ingress objects.",
  defaultEnforcement: "mandatory",
  scope: "resource",
  chartObjects: "checked",
  check(resource, config) {
    const object = kubernetesObjectOf(resource);
    if (object === undefined) return [];
    const fix = `keep the Service ClusterIP and route through the Istio ingress gateway (pods labelled ${Object.entries(config.gatewaySelector).map(([key, value]) => `${key}=${value}`).join(",")})`;
    if (isKind(object, "networking.k8s.io", "Ingress")) {
      return [violation(this.name, resource, {
        what: `${object.ref} exposes Services through an Ingress`,
        why: "it bypasses the gateway's authentication, path allow-list and mTLS",
        fix: "publish the route with an Istio Gateway and VirtualService instead",
      })];
    }
    if (!isKind(object, "", "Service")) return [];
    const type = at(object.body, "spec", "type");
    if (isUnknown(type)) {
      return [violation(this.name, resource, {
        what: `${object.ref} has spec.type unknown during preview`,
        why: "whether the Service is public has to be known before deployment",
        fix: "set spec.type from a plain value",
      })];
    }
    const found: Violation[] = [];
    if (arrayAt(object.body, "spec", "externalIPs").length > 0) {
      found.push(violation(this.name, resource, {
        what: `${object.ref} sets externalIPs`,
        why: "external IPs publish the Service on node addresses outside any load balancer control",
        fix: "remove spec.externalIPs",
      }));
    }
    if (type !== "LoadBalancer" && type !== "NodePort") return found;
    const gateway = mapSelectorMatches(config.gatewaySelector, stringMapAt(object.body, "spec", "selector"));
    const intranet = type === "LoadBalancer" && stringAt(object.body, "metadata", "annotations", ACK_INTRANET_ANNOTATION) === "intranet";
    if (!gateway && !intranet) {
      found.push(violation(this.name, resource, {
        what: `${object.ref} is a ${type} Service`,
        why: "it publishes pods that are not the ingress gateway, so requests skip authentication and the path allow-list",
        fix: `${fix}, or annotate ${ACK_INTRANET_ANNOTATION}: intranet for a VPC-internal load balancer`,
      }));
    }
    return found;
  },
};
