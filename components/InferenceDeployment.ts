/**
 * `llmfleet:index:InferenceDeployment`: one model served (or batch-run) on a GPU pool. The planner
 * sizes it, the pure builders in src/workload turn the validated spec into Kubernetes objects, and
 * this component only creates them, each with `{ parent: this, provider }`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { runsAsBatch } from "../src/batch/index.js";
import { resolveInferenceDeployment, type InferenceDeploymentInput } from "../src/deployment/index.js";
import { engineDefinition } from "../src/engines/index.js";
import type { KubernetesObject } from "../src/k8s/index.js";
import type { Plan } from "../src/planner/types.js";
import { buildInferenceWorkload, describeWorkload, workloadLabels, type InferenceDeploymentSpec, type NcclTransport, type StartupEstimate } from "../src/workload/index.js";
import { deprecatedProvider, warnAll } from "./deprecations.js";
import { validateArgs } from "./inputErrors.js";
import { createWorkloadObject } from "./kubernetesObjects.js";
import { providerFor } from "./providers.js";

const TYPE = "llmfleet:index:InferenceDeployment";

/**
 * The deployment's fields are the stack file's (src/deployment/schema.ts documents each, with its
 * default): `model`, `engine`, `tensorParallel`, `maxModelLen`, `autoscaling`, `image`, … Beside
 * them, what only a program passes: where the pods land, where the weights are, the plan the fleet
 * made, and the provider.
 */
export interface InferenceDeploymentArgs extends InferenceDeploymentInput {
  /** Kubernetes provider of the target cluster. Default: the provider from the component's options. */
  kubernetesProvider?: k8s.Provider;
  /** @deprecated use `kubernetesProvider`. */
  provider?: k8s.Provider;
}

/** Plans the deployment and validates its spec; pure, so tests and the offline preview share it. */
export function planInferenceDeployment(name: string, args: InferenceDeploymentArgs): { plan: Plan; spec: InferenceDeploymentSpec; warnings: readonly string[] } {
  const { kubernetesProvider: _kubernetesProvider, provider: _provider, ...input } = args;
  const { spec, warnings } = resolveInferenceDeployment(name, input);
  return { plan: spec.plan, spec, warnings };
}

/** Each object under `<name>-<kind>`, the names its resources have had since the first release. */
function createObject(prefix: string, object: KubernetesObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  return createWorkloadObject(`${prefix}-${object.kind.toLowerCase()}`, object, opts);
}

export class InferenceDeployment extends pulumi.ComponentResource {
  /** The plan the deployment was sized with (the `llmfleet plan --json` shape). */
  readonly plan: Plan;
  /** ClusterIP Service clients and the mesh route to; undefined for batch jobs. */
  readonly serviceName: string | undefined;
  /** API port (vLLM 8000, BladeLLM 8081, SGLang 30000); undefined for batch jobs. */
  readonly port: number | undefined;
  /** Service port named `metrics` that monitoring scrapes; undefined for batch jobs. */
  readonly metricsPort: number | undefined;
  /** Labels on every object of the deployment (docs/architecture.md). */
  readonly labels: Readonly<Record<string, string>>;
  /** Secret holding the API key (generated or given); undefined for engines that read none. */
  readonly apiKeySecretName: string | undefined;
  /** NCCL's network between the nodes of a group, and why; undefined when a replica fits on one node. */
  readonly transport: NcclTransport | undefined;
  /** Folder of the weights inside the model storage (`modelPath`, or the catalogue model's default). */
  readonly modelPath: string;
  /** Estimated start of one replica (reads of the checkpoint, initialisation) and the startup probe's budget; undefined for batch jobs. */
  readonly startup: StartupEstimate | undefined;

  constructor(name: string, args: InferenceDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    // Errors and warnings already name `args.<field>` (and the old spelling where one was used).
    const { plan, spec, warnings } = validateArgs(TYPE, () => planInferenceDeployment(name, args), "");
    super(TYPE, name, {}, opts);
    const provider = deprecatedProvider(this, "provider", "kubernetesProvider", args.provider, args.kubernetesProvider);
    warnAll(this, warnings);
    const children = { parent: this, provider: providerFor(this, "kubernetes", provider) };

    // A batch job serves no requests, so it needs no key.
    const apiKey = engineDefinition(spec.engine).apiKeyEnv !== null && !runsAsBatch(spec) ? this.apiKeySecret(name, spec, children) : undefined;
    const dependsOn = apiKey?.secret !== undefined ? [apiKey.secret] : [];
    for (const object of buildInferenceWorkload(spec, apiKey?.name ?? null)) {
      createObject(name, object, { ...children, dependsOn });
    }

    const endpoints = describeWorkload(spec);
    this.plan = plan;
    this.serviceName = endpoints.serviceName;
    this.port = endpoints.port;
    this.metricsPort = endpoints.metricsPort;
    this.labels = endpoints.labels;
    this.startup = endpoints.startup;
    this.modelPath = spec.modelPath;
    this.transport = endpoints.transport;
    this.apiKeySecretName = apiKey?.name;
    this.registerOutputs({ serviceName: this.serviceName, port: this.port, metricsPort: this.metricsPort, labels: this.labels, plan: this.plan });
  }

  /**
   * The given Secret, or a generated key: RandomPassword (its result is secret, unlike RandomString's
   * id) written with `stringData` from the Output, so the key stays secret in state and is never
   * part of a pod spec; the engine reads it through its `apiKeyEnv` variable.
   */
  private apiKeySecret(name: string, spec: InferenceDeploymentSpec, children: pulumi.CustomResourceOptions): { name: string; secret?: k8s.core.v1.Secret } {
    if (spec.apiKeySecretName !== undefined) return { name: spec.apiKeySecretName };
    const secretName = `${spec.name}-api-key`;
    const password = new random.RandomPassword(`${name}-api-key`, { length: 48, special: false }, { parent: this });
    const secret = new k8s.core.v1.Secret(
      `${name}-api-key`,
      {
        metadata: { name: secretName, namespace: spec.namespace, labels: workloadLabels(spec) },
        type: "Opaque",
        stringData: { [spec.apiKeySecretKey]: password.result },
      },
      children,
    );
    return { name: secretName, secret };
  }
}
