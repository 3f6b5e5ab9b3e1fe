/**
 * `llmfleet:index:MeshControlPlane`: the Istio control plane — its namespace, then base (CRDs),
 * istiod and the ingress gateway from the pinned charts — or an Alibaba Service Mesh instance.
 * Separate from the routing objects (`ServiceMesh`) so that `LlmFleet` can install it before any
 * pod of an injected namespace exists: istiod's injection webhook fails closed (istio/istio#12441),
 * and a pod created before it runs without a sidecar, outside STRICT mTLS and the authorization
 * policies.
 */
import * as alicloud from "@pulumi/alicloud";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { gatewayValues, INGRESS_GATEWAY, ISTIO_CHARTS, istiodValues, type PinnedChart } from "../src/mesh/index.js";
import { chartReference, chartRegistryValues, mergeValues, type RegistryMirror } from "../src/registry/index.js";
import { providerFor } from "./providers.js";

const TYPE = "llmfleet:index:MeshControlPlane";

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

export interface MeshControlPlaneArgs {
  /** `istio` (pinned charts) or `asm`. Default `istio`. */
  mode?: "istio" | "asm";
  /** Required for mode `asm`. */
  asm?: AsmArgs;
  /** Ingress gateway on an internet-facing SLB instead of an intranet one. Default false. */
  publicGateway?: boolean;
  /** Enable istiod's Gateway API Inference Extension support (`routing: inference-pool` routes). Default false. */
  inferenceExtension?: boolean;
  /** Values merged into every Istio chart's (e.g. `global.hub` for a registry mirror). Default none. */
  chartValues?: Record<string, unknown>;
  /** Helm repository of the Istio charts. Default Istio's release repository. */
  chartRepository?: string;
  /**
   * Pull the charts (OCI, `oci://<mirror>/charts/<chart>`) and Istio's images (`global.hub`, so
   * every injected sidecar too) from this mirror, with its pull Secret. Wins over `chartRepository`.
   * Default: Istio's release repository and Docker Hub.
   */
  registry?: RegistryMirror;
  /**
   * URN the children were registered under before this component existed (they were children of
   * `ServiceMesh`): kept as an alias, so moving them here never replaces them.
   */
  previousParentUrn?: pulumi.Input<string>;
  kubernetesProvider?: k8s.Provider;
  alicloudProvider?: alicloud.Provider;
}

export class MeshControlPlane extends pulumi.ComponentResource {
  /** What workloads of an injected namespace, and Istio custom resources, must wait for. */
  readonly resources: pulumi.Resource[];
  /** ASM instance id (mode `asm`). */
  readonly serviceMeshId: pulumi.Output<string> | undefined;

  constructor(name: string, args: MeshControlPlaneArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const moved = args.previousParentUrn === undefined ? {} : { aliases: [{ parent: args.previousParentUrn }] };
    if ((args.mode ?? "istio") === "asm" && args.asm !== undefined) {
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
        { parent: this, provider: providerFor(this, "alicloud", args.alicloudProvider), ...moved },
      );
      this.serviceMeshId = mesh.id;
      this.resources = [mesh];
    } else {
      const k8sOpts = { parent: this, provider: providerFor(this, "kubernetes", args.kubernetesProvider) };
      // Helm v4 Chart does not create its namespace (pulumi-kubernetes helm/v4 Chart docs).
      const namespace = new k8s.core.v1.Namespace(`${name}-istio-system`, { metadata: { name: INGRESS_GATEWAY.namespace } }, k8sOpts);
      const chart = (pinned: PinnedChart, values: Record<string, unknown>, dependsOn: pulumi.Resource[]) =>
        new k8s.helm.v4.Chart(
          `${name}-${pinned.releaseName}`,
          {
            name: pinned.releaseName,
            ...chartReference(args.registry === undefined ? { ...pinned, repo: args.chartRepository ?? pinned.repo } : pinned, args.registry),
            namespace: INGRESS_GATEWAY.namespace,
            values: mergeValues({ ...(args.chartValues ?? {}), ...values }, chartRegistryValues(pinned, args.registry)),
          },
          { ...k8sOpts, dependsOn, ...moved },
        );
      const base = chart(ISTIO_CHARTS.base, {}, [namespace]);
      const istiod = chart(ISTIO_CHARTS.istiod, istiodValues(args.inferenceExtension ?? false), [base]);
      const gateway = chart(ISTIO_CHARTS.gateway, gatewayValues(args.publicGateway ?? false), [istiod]);
      this.serviceMeshId = undefined;
      this.resources = [namespace, base, istiod, gateway];
    }
    this.registerOutputs({ serviceMeshId: this.serviceMeshId });
  }
}
