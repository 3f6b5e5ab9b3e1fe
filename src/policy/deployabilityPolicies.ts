/**
 * The preview's deployability rules that CrossGuard can run too, as stack policies: apply order
 * (each resource's `dependencies` and `parent` are in CrossGuard's stack view) and references.
 * Scheduling and sources stay in the preview (docs/deployability.md says why). Kept apart from
 * `ALL_RULES`, which the preview also evaluates, so that the preview does not report a finding twice.
 */
import { applyOrderFindings } from "../deployability/applyOrder.js";
import { claimFindings, referenceFindings } from "../deployability/references.js";
import type { DeployabilityFinding, DeployedResource, ExternalObject } from "../deployability/types.js";
import type { PackResourceArgs, PackStackPolicy, ReportViolation } from "./packRules.js";
import { isObject, knownProps } from "./values.js";

/** A resource as CrossGuard's stack validation passes it, with the graph (a subset of `PolicyResource`). */
export interface PackGraphResource extends Omit<PackResourceArgs, "getConfig"> {
  readonly parent?: { readonly urn: string } | undefined;
  readonly dependencies?: readonly { readonly urn: string }[];
}

/** Component resources: they create nothing in the cluster themselves. */
function isComponent(type: string): boolean {
  return type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:") || type.startsWith("llmfleet:") || /^kubernetes:(helm\.sh\/v4:Chart|yaml\/v2:Config(File|Group)|kustomize\/v2:Directory)$/.test(type);
}

export function deployedResourcesFromPack(resources: readonly PackGraphResource[]): DeployedResource[] {
  return resources.map((r) => {
    const props = knownProps(r.props);
    return {
      urn: r.urn,
      type: r.type,
      name: r.name,
      parentUrn: r.parent?.urn ?? null,
      custom: !isComponent(r.type),
      inputs: isObject(props) ? props : {},
      dependencies: (r.dependencies ?? []).map((d) => d.urn),
    };
  });
}

const EXTERNAL_OBJECT = /^(Secret|ConfigMap)\/([^/]+)\/([^/]+)$/;

/** `Secret/istio-system/llmfleet-staging-tls` entries of the policy config, the pack's `externalObjects`. */
function externalObjectsOf(config: object | undefined): ExternalObject[] {
  const listed = isObject(config) && Array.isArray(config["externalObjects"]) ? config["externalObjects"] : [];
  return listed.flatMap((entry): ExternalObject[] => {
    const match = typeof entry === "string" ? EXTERNAL_OBJECT.exec(entry) : null;
    if (match === null) return [];
    const [, kind, namespace, name] = match;
    return kind === "Secret" || kind === "ConfigMap" ? [{ kind, namespace: namespace ?? "", name: name ?? "", createdBy: "declared in the policy pack configuration" }] : [];
  });
}

function report(findings: readonly DeployabilityFinding[], resources: readonly PackGraphResource[], reportViolation: ReportViolation): void {
  for (const found of findings) {
    const urn = resources.find((r) => r.name === found.resource)?.urn;
    if (urn === undefined) reportViolation(found.message);
    else reportViolation(found.message, urn);
  }
}

interface GraphStackArgs {
  readonly resources: readonly PackGraphResource[];
  getConfig?(): object;
}

export interface PackGraphPolicy extends Omit<PackStackPolicy, "validateStack"> {
  validateStack(args: GraphStackArgs, reportViolation: ReportViolation): void;
}

/**
 * Mandatory: each is a failure a real `pulumi up` hits ("namespace not found", "no matches for
 * kind", a pod stuck in CreateContainerConfigError). Lower one per environment in
 * `--policy-pack-config`.
 */
export function deployabilityPackPolicies(): PackGraphPolicy[] {
  return [
    {
      name: "deployability-apply-order",
      description: "Every namespaced object's namespace and every custom resource's CRD is created by a resource it (transitively) waits for.",
      enforcementLevel: "mandatory",
      validateStack: (args, reportViolation) => report(applyOrderFindings(deployedResourcesFromPack(args.resources)), args.resources, reportViolation),
    },
    {
      name: "deployability-references",
      description: "Secrets and ConfigMaps that pods and gateways name are created by the stack or listed in externalObjects; the claims pods mount and the volumes claims bind to are created by the stack.",
      enforcementLevel: "mandatory",
      configSchema: {
        properties: {
          externalObjects: {
            type: "array",
            items: { type: "string" },
            description: "Secrets and ConfigMaps created outside the stack, as Kind/namespace/name (the stack file's externalObjects)",
            default: [],
          },
        },
      },
      validateStack: (args, reportViolation) =>
        report(
          [...referenceFindings(deployedResourcesFromPack(args.resources), { declaredPools: [], externalObjects: externalObjectsOf(args.getConfig?.()) }), ...claimFindings(deployedResourcesFromPack(args.resources))],
          args.resources,
          reportViolation,
        ),
    },
  ];
}
