/**
 * Operators a stack may need, pinned, with where their CRDs and pods live. Each is installed only
 * when a stack renders an object of its kind.
 *
 * - KEDA: ACK's `ack-keda` component (a `cs.KubernetesAddon`), which serves `keda.sh/v1alpha1`
 *   ScaledObject; ACK picks the component version.
 * - LeaderWorkerSet: the project's chart `oci://registry.k8s.io/lws/charts/lws` (kubernetes-sigs/lws
 *   site/content/en/docs/installation: `helm install lws oci://registry.k8s.io/lws/charts/lws
 *   --version=$CHART_VERSION --namespace lws-system --create-namespace`). The chart's values default
 *   the image tag to `main` with `pullPolicy: Always` (charts/lws/values.yaml at v0.7.0), so the tag
 *   is pinned here.
 * - mpi-operator: the release manifest `deploy/v2beta1/mpi-operator.yaml` (kubeflow/mpi-operator
 *   v0.6.0; the project ships no chart). It creates its own `mpi-operator` Namespace and the
 *   `mpijobs.kubeflow.org` CRD; `launcherCreationPolicy` needs v0.5 or later.
 */

import { chartRegistryValues, mergeValues, type ChartSource, type RegistryMirror } from "../registry/index.js";

export const KEDA_ADDON = "ack-keda";

export const LWS_VERSION = "0.7.0";
/**
 * The controller image is `image.manager.repository` (with its host) and `image.manager.tag`;
 * `imagePullSecrets` is pasted into the manager's pod spec (charts/lws/values.yaml and
 * templates/manager/deployment.yaml at v0.7.0).
 */
export const LWS_CHART = {
  chart: "oci://registry.k8s.io/lws/charts/lws",
  version: LWS_VERSION,
  releaseName: "lws",
  namespace: "lws-system",
  images: [{ source: "registry.k8s.io/lws/lws", tag: `v${LWS_VERSION}`, key: ["image", "manager", "repository"], holds: "repository" }],
  pullSecrets: { key: ["imagePullSecrets"], form: "objects" },
} as const satisfies ChartSource & { readonly releaseName: string; readonly namespace: string };

export const MPI_OPERATOR_VERSION = "0.6.0";
export const MPI_OPERATOR_MANIFEST = `https://raw.githubusercontent.com/kubeflow/mpi-operator/v${MPI_OPERATOR_VERSION}/deploy/v2beta1/mpi-operator.yaml`;
/** The image the release manifest's Deployment runs (deploy/v2beta1/mpi-operator.yaml at v0.6.0). */
export const MPI_OPERATOR_IMAGE = `docker.io/mpioperator/mpi-operator:${MPI_OPERATOR_VERSION}`;

/**
 * The LeaderWorkerSet chart's values: the controller image pinned to the chart's release, from the
 * mirror when one is given (which also names the pull Secret).
 */
export function lwsValues(imageRepository = "registry.k8s.io/lws/lws", pullSecretName?: string, registry?: RegistryMirror): Record<string, unknown> {
  const own = {
    image: { manager: { repository: imageRepository, tag: `v${LWS_VERSION}`, pullPolicy: "IfNotPresent" } },
    ...(pullSecretName === undefined ? {} : { imagePullSecrets: [{ name: pullSecretName }] }),
  };
  return mergeValues(own, chartRegistryValues(LWS_CHART, registry));
}

/** Which API group each operator serves, for the preview's apply-order check. */
export const CRD_INSTALLERS: Readonly<Record<string, string>> = {
  "keda.sh": KEDA_ADDON,
  "leaderworkerset.x-k8s.io": "lws",
  "kubeflow.org": "mpi-operator",
};
