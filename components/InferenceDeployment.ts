/**
 * `llmfleet:index:InferenceDeployment`: one model served (or batch-run) on a GPU pool. The planner
 * sizes it, the pure builders in src/workload turn the validated spec into Kubernetes objects, and
 * this component only creates them, each with `{ parent: this, provider }`.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { ModelVolume, PoolPlacement } from "../src/cluster/types.js";
import { LlmfleetError, LlmfleetErrors } from "../src/errors/index.js";
import type { KubernetesObject } from "../src/k8s/index.js";
import type { Engine, Plan } from "../src/planner/types.js";
import {
  buildInferenceWorkload,
  describeWorkload,
  parseInferenceDeploymentSpec,
  resolvePlan,
  workloadLabels,
  type InferenceDeploymentSpec,
  type InferenceDeploymentSpecInput,
} from "../src/workload/index.js";
import { validateArgs } from "./inputErrors.js";
import { kubernetesArgs } from "./kubernetesArgs.js";
import { providerFor } from "./providers.js";

const TYPE = "llmfleet:index:InferenceDeployment";

export interface InferenceDeploymentArgs {
  /** Catalogue name (`qwen2.5-7b-instruct`), Hugging Face id (`Qwen/Qwen2.5-7B-Instruct`) or path to a config.json. */
  model: string;
  /** Serving engine; `horovod` runs distributed batch inference as an MPIJob. Default `vllm`. */
  engine?: Engine;
  /** The GPU pool the pods land on (`GpuNodePool.placement`). */
  placement: PoolPlacement;
  /** Where the weights are mounted from (`ModelStorage.volume`). */
  volume: ModelVolume;
  /** Tensor-parallel degree, validated by the planner. Default: the planner's proposal. */
  tensorParallel?: number;
  /** Pipeline-parallel degree (stages across nodes), validated by the planner. Default: the planner's proposal. */
  pipelineParallel?: number;
  /** Name of the workload and its Service (DNS label, ≤ 40 characters). Default: the component name. */
  deploymentName?: string;
  /** Namespace of every object. Default `llm-serving`. */
  namespace?: string;
  /** Engine image pinned by tag or digest (`runAsUser` for images with a non-root user). Default: vLLM v0.18.0, Horovod 0.28.1; BladeLLM requires one. */
  image?: InferenceDeploymentSpecInput["image"];
  /** Serving replicas (multi-node: groups), or MPI worker pods for Horovod. Default 1, or `autoscaling.minReplicas`. */
  replicas?: number;
  /** KEDA scaling on `vllm:num_requests_waiting` (vLLM only). Default: fixed `replicas`. */
  autoscaling?: InferenceDeploymentSpecInput["autoscaling"];
  /** GPUs free in the pool for rollouts; a replica's worth lets updates surge instead of replacing in place. Default 0. */
  spareGpus?: number;
  /** Engine options: max length, memory fraction, dtypes, chunk budget, prefix caching, speculative decoding, drain, executor. */
  engineOptions?: InferenceDeploymentSpecInput["engineOptions"];
  /** The program each Horovod rank runs (required for `horovod`). */
  batchJob?: InferenceDeploymentSpecInput["batchJob"];
  /** Existing Secret with the vLLM API key. Default: a generated 48-character key in `<deploymentName>-api-key`. */
  apiKeySecretName?: string;
  /** Key of the API key inside the Secret. Default `api-key`. */
  apiKeySecretKey?: string;
  /** Version label (`llmfleet.io/version`) for canaries and dashboards. Default `v1`. */
  version?: string;
  /** Let vLLM run code shipped with the checkpoint; only for allow-listed models. Default false. */
  trustRemoteCode?: boolean;
  /** Who may reach the API: the mesh ingress gateway and monitoring namespaces. Default istio-system / monitoring. */
  ingressSources?: InferenceDeploymentSpecInput["ingressSources"];
  /** Kubernetes provider of the target cluster. Default: the provider from the component's options. */
  provider?: k8s.Provider;
}

/** Spec paths that the arguments spell differently. */
const ARGUMENT_PATHS: Readonly<Record<string, string>> = { modelId: "model", name: "deploymentName" };

function asArgumentPath(error: LlmfleetError): LlmfleetError {
  const [head, ...rest] = error.field.split(".");
  const renamed = head === undefined ? undefined : ARGUMENT_PATHS[head];
  return renamed === undefined ? error : new LlmfleetError([renamed, ...rest].join("."), error.value, error.reason, error.fix);
}

/** Plans the deployment and validates its spec; pure, so tests and the offline preview share it. */
export function planInferenceDeployment(name: string, args: InferenceDeploymentArgs): { plan: Plan; spec: InferenceDeploymentSpec } {
  const engine = args.engine ?? "vllm";
  const options = args.engineOptions ?? {};
  const plan = resolvePlan({ model: args.model, engine, placement: args.placement, tensorParallel: args.tensorParallel, pipelineParallel: args.pipelineParallel, engineOptions: options });
  const input: InferenceDeploymentSpecInput = {
    name: args.deploymentName ?? name,
    namespace: args.namespace,
    modelId: args.model,
    engine,
    image: args.image,
    plan,
    placement: args.placement,
    volume: args.volume,
    replicas: args.replicas ?? args.autoscaling?.minReplicas,
    autoscaling: args.autoscaling,
    spareGpus: args.spareGpus,
    engineOptions: options,
    batchJob: args.batchJob,
    apiKeySecretName: args.apiKeySecretName,
    apiKeySecretKey: args.apiKeySecretKey,
    version: args.version,
    trustRemoteCode: args.trustRemoteCode,
    ingressSources: args.ingressSources,
  };
  try {
    return { plan, spec: parseInferenceDeploymentSpec(input) };
  } catch (error) {
    if (error instanceof LlmfleetError) throw asArgumentPath(error);
    if (error instanceof LlmfleetErrors) throw new LlmfleetErrors(error.errors.map(asArgumentPath));
    throw error;
  }
}

/** Core kinds through their typed classes (Pulumi awaits their readiness); CRDs through CustomResource. */
function createObject(prefix: string, object: KubernetesObject, opts: pulumi.CustomResourceOptions): pulumi.CustomResource {
  const name = `${prefix}-${object.kind.toLowerCase()}`;
  switch (`${object.apiVersion}/${object.kind}`) {
    case "v1/ServiceAccount":
      return new k8s.core.v1.ServiceAccount(name, kubernetesArgs<k8s.core.v1.ServiceAccountArgs>(object), opts);
    case "v1/Service":
      return new k8s.core.v1.Service(name, kubernetesArgs<k8s.core.v1.ServiceArgs>(object), opts);
    case "apps/v1/Deployment":
      return new k8s.apps.v1.Deployment(name, kubernetesArgs<k8s.apps.v1.DeploymentArgs>(object), opts);
    case "policy/v1/PodDisruptionBudget":
      return new k8s.policy.v1.PodDisruptionBudget(name, kubernetesArgs<k8s.policy.v1.PodDisruptionBudgetArgs>(object), opts);
    case "networking.k8s.io/v1/NetworkPolicy":
      return new k8s.networking.v1.NetworkPolicy(name, kubernetesArgs<k8s.networking.v1.NetworkPolicyArgs>(object), opts);
    default:
      return new k8s.apiextensions.CustomResource(name, { ...object }, opts);
  }
}

export class InferenceDeployment extends pulumi.ComponentResource {
  /** The plan the deployment was sized with (the `llmfleet plan --json` shape). */
  readonly plan: Plan;
  /** ClusterIP Service clients and the mesh route to; null for Horovod batch jobs. */
  readonly serviceName: string | null;
  /** API port (vLLM 8000, BladeLLM 8081); null for batch jobs. */
  readonly port: number | null;
  /** Service port named `metrics` that monitoring scrapes; null for batch jobs. */
  readonly metricsPort: number | null;
  /** Labels on every object of the deployment (docs/architecture.md). */
  readonly labels: Readonly<Record<string, string>>;
  /** Secret holding the vLLM API key (generated or given); null for engines without one. */
  readonly apiKeySecretName: string | null;

  constructor(name: string, args: InferenceDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const { plan, spec } = validateArgs(TYPE, () => planInferenceDeployment(name, args));
    const children = { parent: this, provider: providerFor(this, "kubernetes", args.provider) };

    const apiKey = spec.engine === "vllm" ? this.apiKeySecret(name, spec, children) : null;
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
    this.apiKeySecretName = apiKey?.name ?? null;
    this.registerOutputs({ serviceName: this.serviceName, port: this.port, metricsPort: this.metricsPort, labels: this.labels, plan: this.plan });
  }

  /**
   * The given Secret, or a generated key: RandomPassword (its result is secret, unlike RandomString's
   * id) written with `stringData` from the Output, so the key stays secret in state and is never
   * part of a pod spec; vLLM reads it through `VLLM_API_KEY`.
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
