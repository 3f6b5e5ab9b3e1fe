/**
 * What `routing: inference-pool` pins: the Gateway API Inference Extension release, its endpoint
 * picker image, the Gateway API CRDs the Istio implementation needs, and ACK's components.
 *
 * - Inference Extension v1.5.0 (kubernetes-sigs/gateway-api-inference-extension): the last release
 *   whose repository still holds the endpoint picker (EPP) and its charts. Its CRDs are the release
 *   manifest `manifests.yaml` (site-src/guides/index.md at v1.5.0: `kubectl apply -f
 *   .../releases/download/${IGW_LATEST_RELEASE}/manifests.yaml`), which holds `InferencePool`
 *   (`inference.networking.k8s.io/v1`) and the x-k8s.io alpha kinds the picker watches.
 * - EPP image: `config/charts/inferencepool/values.yaml` at v1.5.0 (`registry.k8s.io`,
 *   `gateway-api-inference-extension/epp`, tag `v1.5.0`). Built `FROM gcr.io/distroless/static:nonroot`
 *   (Dockerfile at v1.5.0), whose user is 65532.
 * - Gateway API standard channel v1.4.0: the version Istio 1.29.2 is built against (istio/istio
 *   1.29.2 go.mod: `sigs.k8s.io/gateway-api v1.4.0`); its release asset `standard-install.yaml`.
 * - ACK: the Gateway API component and "Gateway with Inference Extension" (Envoy Gateway based;
 *   GatewayClass `ack-gateway` in its Gateway API Inference Extension v1.5.0 conformance report).
 *   The `cs.KubernetesAddon` names below follow ACK's component pages
 *   (help/en/ack/product-overview/ack-gateway-with-inference-extension); neither the alicloud
 *   provider's docs nor a public API listing confirm them, so the preview says so (docs/routing.md).
 */

export const INFERENCE_EXTENSION_VERSION = "1.5.0";
export const INFERENCE_EXTENSION_MANIFEST = `https://github.com/kubernetes-sigs/gateway-api-inference-extension/releases/download/v${INFERENCE_EXTENSION_VERSION}/manifests.yaml`;
export const ENDPOINT_PICKER_REPOSITORY = "registry.k8s.io/gateway-api-inference-extension/epp";
export const ENDPOINT_PICKER_IMAGE = `${ENDPOINT_PICKER_REPOSITORY}:v${INFERENCE_EXTENSION_VERSION}`;
/** The `nonroot` user of gcr.io/distroless/static. */
export const ENDPOINT_PICKER_UID = 65532;

export const GATEWAY_API_VERSION = "1.4.0";
export const GATEWAY_API_MANIFEST = `https://github.com/kubernetes-sigs/gateway-api/releases/download/v${GATEWAY_API_VERSION}/standard-install.yaml`;

/** ACK components of the `ack` implementation, installed in this order. */
export const ACK_GATEWAY_API_ADDON = "gateway-api";
export const ACK_INFERENCE_GATEWAY_ADDON = "ack-gateway-with-inference-extension";
/** Whether ACK's component names above are confirmed by a provider or API reference (they are not). */
export const ACK_ADDON_NAMES_CONFIRMED = false;

/** The Gateway API implementations of `routing: inference-pool` (`inferenceGateway.implementation`). */
export const INFERENCE_GATEWAY_IMPLEMENTATIONS = ["istio", "ack"] as const;
export type InferenceGatewayImplementation = (typeof INFERENCE_GATEWAY_IMPLEMENTATIONS)[number];

/** The GatewayClass each implementation serves. Istio's built-in class is `istio` (pilot/pkg/config/kube/gateway/deploymentcontroller.go `getBuiltinClasses`). */
export const GATEWAY_CLASSES: Readonly<Record<InferenceGatewayImplementation, string>> = { istio: "istio", ack: "ack-gateway" };

/**
 * istiod's switch for InferencePool backends (istio/istio 1.29.2 pilot/pkg/features/experimental.go:
 * `ENABLE_GATEWAY_API_INFERENCE_EXTENSION`, default false; without it an HTTPRoute to an
 * InferencePool is refused with "InferencePool is not enabled", pilot/pkg/config/kube/gateway/conversion.go).
 * Set through the istiod chart's `pilot.env` (the Inference Extension guide at v1.5.0:
 * `--set values.pilot.env.ENABLE_GATEWAY_API_INFERENCE_EXTENSION=true`).
 */
export const ISTIO_INFERENCE_ENV = "ENABLE_GATEWAY_API_INFERENCE_EXTENSION";
