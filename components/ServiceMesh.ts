/**
 * `llmfleet:index:ServiceMesh`: Istio in front of the served models — self-managed from the
 * pinned Helm charts, or Alibaba Service Mesh — with, for each model, a Gateway, a canary
 * VirtualService with priority failover to a backup, a resilient DestinationRule and
 * allow-nothing authorization that lets only the OpenAI paths in.
 */
import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LlmfleetError, parseWith } from "../src/errors/index.js";
import { gatewayValues, INGRESS_GATEWAY, ISTIO_CHARTS, istiodValues, meshObjects, meshSpecSchema, type PinnedChart, type ServedModelInput } from "../src/mesh/index.js";
import { prometheusPrincipal } from "../src/monitoring/index.js";
import { validateArgs } from "./inputErrors.js";
import { applyObjects } from "./kubernetesObjects.js";
import { providerFor } from "./providers.js";

const TYPE = "llmfleet:index:ServiceMesh";

/** The Alibaba Service Mesh instance to create (mode `asm`). */
export interface AsmArgs {
  /** ACK cluster joined to the mesh as its data plane. */
  clusterId: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  /** vSwitch of the mesh's control plane. */
  vswitchId: pulumi.Input<string>;
  /** ASM edition. Default `Pro`. */
  edition?: string;
  /** ASM (Istio) version. Default: ASM's current default. */
  version?: string;
}

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
}

function chart(name: string, pinned: PinnedChart, values: Record<string, unknown>, opts: pulumi.ComponentResourceOptions): k8s.helm.v4.Chart {
  return new k8s.helm.v4.Chart(
    `${name}-${pinned.releaseName}`,
    { name: pinned.releaseName, chart: pinned.chart, version: pinned.version, repositoryOpts: { repo: pinned.repo }, namespace: INGRESS_GATEWAY.namespace, values },
    opts,
  );
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

    let controlPlane: pulumi.Resource[];
    if (mode === "asm" && args.asm !== undefined) {
      const mesh = new alicloud.servicemesh.ServiceMesh(
        `${name}-asm`,
        {
          serviceMeshName: name,
          edition: args.asm.edition ?? "Pro",
          ...(args.asm.version === undefined ? {} : { version: args.asm.version }),
          clusterIds: [args.asm.clusterId],
          network: { vpcId: args.asm.vpcId, vswitcheList: args.asm.vswitchId },
          // Istio resources are applied through the data-plane cluster's API server.
          extraConfiguration: { crAggregationEnabled: true },
          meshConfig: { outboundTrafficPolicy: "REGISTRY_ONLY", telemetry: true },
        },
        { parent: this, provider: providerFor(this, "alicloud", args.alicloudProvider) },
      );
      this.serviceMeshId = mesh.id;
      controlPlane = [mesh];
    } else {
      const chartOpts = { parent: this, provider: kubernetes };
      const base = chart(name, ISTIO_CHARTS.base, {}, chartOpts);
      const istiod = chart(name, ISTIO_CHARTS.istiod, istiodValues(), { ...chartOpts, dependsOn: [base] });
      const gateway = chart(name, ISTIO_CHARTS.gateway, gatewayValues(args.publicGateway ?? false), { ...chartOpts, dependsOn: [istiod] });
      this.serviceMeshId = undefined;
      controlPlane = [base, istiod, gateway];
    }

    applyObjects(name, meshObjects(models, args.metricsScraperPrincipal ?? prometheusPrincipal()), { parent: this, provider: kubernetes, dependsOn: controlPlane });
    this.hosts = models.flatMap((model) => model.hosts);
    this.registerOutputs({ hosts: this.hosts, serviceMeshId: this.serviceMeshId });
  }
}
