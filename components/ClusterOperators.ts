/**
 * `llmfleet:index:ClusterOperators`: the operators whose custom resources the fleet's workloads
 * use — LeaderWorkerSet (its pinned chart, in its own namespace) and mpi-operator (its pinned
 * release manifest) — installed only when asked for. KEDA is ACK's `ack-keda` component, which
 * `AckCluster` manages as a `cs.KubernetesAddon`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LWS_CHART, MPI_OPERATOR_MANIFEST, lwsValues } from "../src/operators/index.js";
import { mirroredChartReference, type RegistryMirror } from "../src/registry/index.js";
import { providerFor } from "./providers.js";

const TYPE = "llmfleet:index:ClusterOperators";

export interface ClusterOperatorsArgs {
  /** Install LeaderWorkerSet (multi-node serving). Default false. */
  leaderWorkerSet?: boolean;
  /** Install mpi-operator (Horovod batch jobs). Default false. */
  mpiOperator?: boolean;
  /** Image repository of the LeaderWorkerSet controller. Default `registry.k8s.io/lws/lws`. */
  lwsImageRepository?: string;
  /** Chart reference of LeaderWorkerSet. Default `oci://registry.k8s.io/lws/charts/lws`. */
  lwsChart?: string;
  /** URL of the mpi-operator manifest. Default: the v0.6.0 release manifest on GitHub. */
  mpiOperatorManifest?: string;
  /** Image pull Secret for the operators' pods. Default none (the mirror's, when `registry` names one). */
  imagePullSecretName?: string;
  /**
   * Pull the LeaderWorkerSet chart (OCI) and its image from this mirror. The mpi-operator manifest
   * names its image inside: give `mpiOperatorManifest` a copy that points at the mirror
   * (docs/mirror.md). Default: the upstream registries.
   */
  registry?: RegistryMirror;
  /** Kubernetes provider of the cluster. Default: `opts.providers`, else the stack default. */
  kubernetesProvider?: k8s.Provider;
}

export class ClusterOperators extends pulumi.ComponentResource {
  /** The resources that install CRDs: custom resources of those kinds depend on them. */
  readonly installers: pulumi.Resource[];

  constructor(name: string, args: ClusterOperatorsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const provider = providerFor(this, "kubernetes", args.kubernetesProvider);
    const k8sOpts = { parent: this, provider };
    const installers: pulumi.Resource[] = [];
    if (args.leaderWorkerSet === true) {
      // Helm v4 Chart does not create its namespace (pulumi-kubernetes helm/v4 docs).
      const namespace = new k8s.core.v1.Namespace(`${name}-lws-namespace`, { metadata: { name: LWS_CHART.namespace } }, k8sOpts);
      installers.push(
        new k8s.helm.v4.Chart(
          `${name}-lws`,
          {
            name: LWS_CHART.releaseName,
            chart: args.lwsChart ?? (args.registry === undefined ? LWS_CHART.chart : mirroredChartReference(LWS_CHART.chart, args.registry)),
            version: LWS_CHART.version,
            namespace: LWS_CHART.namespace,
            values: lwsValues(args.lwsImageRepository, args.imagePullSecretName ?? args.registry?.pullSecretName, args.registry),
          },
          { ...k8sOpts, dependsOn: [namespace] },
        ),
      );
    }
    if (args.mpiOperator === true) {
      installers.push(new k8s.yaml.v2.ConfigFile(`${name}-mpi-operator`, { file: args.mpiOperatorManifest ?? MPI_OPERATOR_MANIFEST }, k8sOpts));
    }
    this.installers = installers;
    this.registerOutputs({});
  }
}
