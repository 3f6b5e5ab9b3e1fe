/**
 * `llmfleet:index:ServiceMesh`: Istio in front of the served models — self-managed from the
 * pinned Helm charts, or Alibaba Service Mesh — with, for each model, a Gateway, a canary
 * VirtualService with priority failover to a backup, a resilient DestinationRule and
 * allow-nothing authorization that lets only the OpenAI paths in.
 */
import type * as alicloud from "@pulumi/alicloud";
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LlmfleetError, parseWith } from "../src/errors/index.js";
import { meshObjects, meshSpecSchema, type ServedModelInput } from "../src/mesh/index.js";
import { prometheusPrincipal } from "../src/monitoring/index.js";
import { validateArgs } from "./inputErrors.js";
import { applyObjects } from "./kubernetesObjects.js";
import { MeshControlPlane, type AsmArgs } from "./MeshControlPlane.js";
import { providerFor } from "./providers.js";

export type { AsmArgs } from "./MeshControlPlane.js";

const TYPE = "llmfleet:index:ServiceMesh";

export interface ServiceMeshArgs {
  /** `istio` installs base, istiod and gateway from pinned Helm charts; `asm` creates an Alibaba Service Mesh. Default `istio`. */
  mode?: "istio" | "asm";
  /** The served models: name, namespace, deployment, port, versions and weights, backup, limits, hosts, TLS and auth. */
  models: ServedModelInput[];
  /** Required for mode `asm`. */
  asm?: AsmArgs;
  /** Ingress gateway on an internet-facing SLB instead of an intranet one (mode `istio`). Default false. */
  publicGateway?: boolean;
  /** Prometheus's mesh identity, allowed to read engines' `/metrics`. Default: kube-prometheus-stack's in `monitoring`. */
  metricsScraperPrincipal?: string;
  /** Kubernetes provider of the serving cluster. Default: `opts.providers`, else the stack default. */
  kubernetesProvider?: k8s.Provider;
  /** Alibaba Cloud provider (mode `asm`). Default: `opts.providers`, else the stack default. */
  alicloudProvider?: alicloud.Provider;
  /**
   * A control plane installed separately (`LlmFleet` installs it before the workloads). Default:
   * this component installs its own, as its child.
   */
  controlPlane?: MeshControlPlane;
}

export class ServiceMesh extends pulumi.ComponentResource {
  /** Host names the gateway serves. */
  readonly hosts: string[];
  /** ASM instance id (mode `asm`). */
  readonly serviceMeshId: pulumi.Output<string> | undefined;

  constructor(name: string, args: ServiceMeshArgs, opts?: pulumi.ComponentResourceOptions) {
    const mode = args.mode ?? "istio";
    const models = validateArgs(TYPE, () => {
      if (mode === "asm" && args.asm === undefined) {
        throw new LlmfleetError("asm", undefined, "mode asm creates an Alibaba Service Mesh and needs its cluster and network", "give asm.clusterId, asm.vpcId and asm.vswitchId");
      }
      return parseWith(meshSpecSchema, args.models, "models");
    });
    super(TYPE, name, {}, opts);
    const kubernetes = providerFor(this, "kubernetes", args.kubernetesProvider);

    // Children used to live directly under this component; the alias keeps their URNs.
    const controlPlane =
      args.controlPlane ??
      new MeshControlPlane(
        name,
        { mode, asm: args.asm, publicGateway: args.publicGateway, previousParentUrn: this.urn, kubernetesProvider: args.kubernetesProvider, alicloudProvider: args.alicloudProvider },
        { parent: this },
      );
    this.serviceMeshId = controlPlane.serviceMeshId;

    applyObjects(name, meshObjects(models, args.metricsScraperPrincipal ?? prometheusPrincipal()), { parent: this, provider: kubernetes, dependsOn: controlPlane.resources });
    this.hosts = models.flatMap((model) => model.hosts);
    this.registerOutputs({ hosts: this.hosts, serviceMeshId: this.serviceMeshId });
  }
}
