/**
 * `llmfleet:index:InferenceGateway`: the `routing: inference-pool` routes — per route a Gateway API
 * Gateway and HTTPRoute, per deployment an InferencePool with its endpoint picker — applied after
 * the CRDs they are instances of (docs/install-order.md). With the `istio` implementation this
 * component installs the Gateway API CRDs (standard channel) and the Inference Extension's, pinned;
 * with `ack` they come from ACK's components, which `AckCluster` installs (`crdInstallers`).
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { parseWith } from "../src/errors/index.js";
import {
  GATEWAY_API_MANIFEST,
  INFERENCE_EXTENSION_MANIFEST,
  endpointPickersOf,
  inferenceGatewayObjects,
  inferenceGatewaySpecSchema,
  type InferenceGatewaySpecInput,
} from "../src/inferencePool/index.js";
import { validateArgs } from "./inputErrors.js";
import { applyWorkloadObject } from "./kubernetesObjects.js";
import { providerFor } from "./providers.js";

const TYPE = "llmfleet:index:InferenceGateway";

export interface InferenceGatewayArgs extends InferenceGatewaySpecInput {
  /**
   * What installs the CRDs when this component does not (`ack`: ACK's gateway-api and Gateway with
   * Inference Extension components). Default: with `istio`, this component's own CRD manifests.
   */
  crdInstallers?: pulumi.Resource[];
  /** Where the Pulumi program reads the Gateway API CRDs. Default: the v1.4.0 `standard-install.yaml` release asset. */
  gatewayApiManifest?: string;
  /** Where the Pulumi program reads the Inference Extension CRDs. Default: the v1.5.0 `manifests.yaml` release asset. */
  inferenceExtensionManifest?: string;
  kubernetesProvider?: k8s.Provider;
}

export class InferenceGateway extends pulumi.ComponentResource {
  /** What installs the CRDs the routes' objects need. */
  readonly crdInstallers: pulumi.Resource[];
  /** Host names the routes' gateways serve. */
  readonly hosts: string[];
  /** One endpoint picker per pool, as Monitoring's `endpointPickers` takes them. */
  readonly endpointPickers: { namespace: string; inferencePool: string }[];

  constructor(name: string, args: InferenceGatewayArgs, opts?: pulumi.ComponentResourceOptions) {
    const { crdInstallers, gatewayApiManifest, inferenceExtensionManifest, kubernetesProvider, ...specInput } = args;
    const spec = validateArgs(TYPE, () => parseWith(inferenceGatewaySpecSchema, specInput, "args"));
    super(TYPE, name, {}, opts);
    const k8sOpts = { parent: this, provider: providerFor(this, "kubernetes", kubernetesProvider) };
    this.crdInstallers =
      crdInstallers ??
      (spec.implementation === "istio"
        ? [
            new k8s.yaml.v2.ConfigFile(`${name}-gateway-api-crds`, { file: gatewayApiManifest ?? GATEWAY_API_MANIFEST }, k8sOpts),
            new k8s.yaml.v2.ConfigFile(`${name}-inference-extension-crds`, { file: inferenceExtensionManifest ?? INFERENCE_EXTENSION_MANIFEST }, k8sOpts),
          ]
        : []);
    for (const object of inferenceGatewayObjects(spec)) applyWorkloadObject(name, object, { ...k8sOpts, dependsOn: this.crdInstallers });
    this.hosts = spec.routes.flatMap((route) => route.hosts);
    this.endpointPickers = endpointPickersOf(spec);
    this.registerOutputs({ hosts: this.hosts });
  }
}
