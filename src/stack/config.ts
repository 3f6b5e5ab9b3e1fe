import { z } from "zod";
import { apiServerSchema } from "../cluster/clusterSpec.js";
import { VSWITCH_LAYOUTS } from "../cluster/networkPlan.js";
import { modelCacheDiskGiB, nvidiaDriverVersion } from "../cluster/nodePoolSpec.js";
import { bucketName } from "../cluster/storageSpec.js";
import { deploymentName, deploymentSchema } from "../deployment/schema.js";
import type { Deployment } from "../deployment/types.js";
import { INFERENCE_GATEWAY_IMPLEMENTATIONS, type InferenceGatewayImplementation } from "../inferencePool/pinned.js";
import { PREFIX_CACHE_ROUTING_MODES, type PrefixCacheRouting } from "../inferencePool/precisePrefix.js";
import { dnsLabel } from "../k8s/names.js";
import { hostName, jwtSchema } from "../mesh/spec.js";
import { stackAlertingSchema } from "../monitoring/receivers.js";
import { registryMirrorSchema } from "../registry/schema.js";

/**
 * One environment's fleet, as written in `stacks/Pulumi.<env>.yaml` under the key `llmfleet:fleet`.
 * Validated once on entry (`parseFleetConfig`); every error names the key path.
 */

/** Names of pools, routes and the namespace: they prefix cloud and Kubernetes resource names. */
const name = dnsLabel(32);

const enforcement = z.enum(["advisory", "mandatory", "disabled"]);

/** A key of the stack's `llmfleet` config namespace, without the `llmfleet:` prefix. */
const configKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "must be a config key of the llmfleet namespace without the 'llmfleet:' prefix, e.g. qwenTlsCertificate");

const newCluster = z.strictObject({
  /** Create a new ACK cluster with its VPC, vSwitches and NAT gateway. */
  mode: z.literal("new"),
  /** Availability zones for vSwitches (at least two), e.g. `cn-hangzhou-h`. */
  zones: z.array(z.string().min(1)).min(2, "needs at least two zones for the control plane and node pools"),
  /** VPC CIDR. Default `10.0.0.0/16`. */
  vpcCidr: z.string().default("10.0.0.0/16"),
  /** Kubernetes Service CIDR; must not overlap the VPC. Default `172.16.0.0/20`. */
  serviceCidr: z.string().default("172.16.0.0/20"),
  /** ACK cluster spec. Default `ack.pro.small`. */
  clusterSpec: z.enum(["ack.standard", "ack.pro.small", "ack.pro.xlarge"]).default("ack.pro.small"),
  /** Kubernetes version; ACK's default when omitted. */
  kubernetesVersion: z.string().optional(),
  /** Ship control-plane logs to SLS. Default: on in prod. */
  controlPlaneLogs: z.boolean().optional(),
  /**
   * API server access: `{access: private}` (default; run Pulumi inside the VPC) or
   * `{access: public, allowedCidrs: [...]}`. Create-only in ACK.
   */
  apiServer: apiServerSchema.default({ access: "private" }),
  /** Lifetime of the kubeconfig Pulumi fetches, in minutes (15–4320). Default 4320. */
  kubeconfigTtlMinutes: z.number().int().min(15).max(4320).default(4320),
  /** `zone-stable` (default): adding a zone moves no vSwitch; `packed`: llmfleet's first layout. */
  vswitchLayout: z.enum(VSWITCH_LAYOUTS).default("zone-stable"),
});

const existingCluster = z.strictObject({
  /** Use an ACK cluster that already exists. */
  mode: z.literal("existing"),
  /** Its ACK cluster id; the kubeconfig is fetched with cs.getClusterCredential unless given. */
  clusterId: z.string().min(1),
  /** vSwitches GPU node pools may use, in at least two zones. */
  nodeVswitchIds: z.array(z.string().min(1)).min(2, "needs vSwitches in at least two zones"),
  /** Name of a secret Pulumi config key (`pulumi config set --secret`) holding a kubeconfig to use instead. */
  kubeconfigConfigKey: z.string().min(1).optional(),
  /**
   * The cluster's untainted pool that hosts system workloads (mesh, monitoring, operators,
   * launchers), which llmfleet does not create in an existing cluster.
   */
  systemPool: z.strictObject({ name: z.string().min(1), instanceType: z.string().min(1), nodes: z.number().int().min(1) }).optional(),
});

const nodePool = z.strictObject({
  name,
  /** A GPU model (`A10`, `L20`, …) or an instance type (`ecs.gn7i-c8g1.2xlarge`). */
  gpu: z.string().min(1),
  /** Spot instances (refused in prod). Default false. */
  spot: z.boolean().default(false),
  /** Autoscaling bounds in nodes; a fixed size derived from the deployments when omitted. */
  autoscaling: z.strictObject({ minNodes: z.number().int().min(0), maxNodes: z.number().int().min(1) }).optional(),
  /** Extra nodes for rolling updates with spare GPUs. Default 0. */
  surgeNodes: z.number().int().min(0).default(0),
  /** Pin the NVIDIA driver (`ack.aliyun.com/nvidia-driver-version`). */
  driverVersion: nvidiaDriverVersion.optional(),
  /** Data disk for a local model cache, in GiB (40–32768; the component's `modelCacheDiskGiB`). */
  dataDiskGiB: modelCacheDiskGiB.optional(),
});

/** The stack names its bucket: there is no default, since bucket names are global. */
const requiredBucketName = bucketName(
  "is required: an OSS model storage names the bucket that holds the weights — with create: false (the default) one that already exists in the stack's region, with create: true the one the stack creates (names are global, so pick one nobody holds)",
);

const storage = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("oss"),
    /** Bucket holding the model weights. */
    bucket: requiredBucketName,
    /**
     * Create the bucket (true) or use one that exists (false). Default false: bucket names are
     * global, so a new name may already be someone else's, and a bucket the stack creates starts
     * empty (see "Getting weights in" in the README). A created bucket is kept when it leaves the
     * stack (`retainOnDelete`), and OSS refuses to delete a bucket that still holds objects.
     */
    create: z.boolean().default(false),
  }),
  z.strictObject({
    kind: z.literal("nas"),
    /** NAS storage type. Default `Performance`. */
    storageType: z.enum(["Performance", "Capacity", "Premium"]).default("Performance"),
  }),
]);

/** A deployment in the stack: the one deployment schema (src/deployment) plus the pool it runs on. */
const deployment = deploymentSchema.extend({
  name: deploymentName,
  /** Name of the node pool it runs on. */
  pool: name,
});

/** How a route reaches its deployments (docs/routing.md). */
export const ROUTING_MODES = ["mesh", "inference-pool"] as const;

const route = z.strictObject({
  name,
  /** Host names the gateway accepts: fully qualified, never `*`. */
  hosts: z.array(hostName).min(1),
  /** Deployments of the same model and their traffic weights (a canary is two versions). */
  deployments: z.array(z.strictObject({ name: deploymentName, weight: z.number().int().min(0).max(100) })).min(1),
  /** Deployment that takes traffic only when none of the above has a healthy endpoint. */
  backup: deploymentName.optional(),
  /** Longest generation in seconds; the route timeout is never shorter. Default 600. */
  maxGenerationSeconds: z.number().int().min(1).optional(),
  /**
   * TLS Secret in istio-system for HTTPS at the gateway (port 80 then redirects to 443). Created by
   * the stack from `tls`, or created outside it and declared under `externalObjects`.
   */
  tlsCredentialName: dnsLabel().optional(),
  /**
   * The stack creates the TLS Secret (`tlsCredentialName`, default `<route>-tls`) from two secret
   * Pulumi config keys of the `llmfleet` namespace: `pulumi config set --secret llmfleet:<key> "$(cat fullchain.pem)"`.
   * The certificate and key stay encrypted in state.
   */
  tls: z
    .strictObject({
      /** Config key holding the PEM certificate chain (leaf first). */
      certificateConfigKey: configKey,
      /** Config key holding the PEM private key. */
      privateKeyConfigKey: configKey,
    })
    .optional(),
  /** Require an API key at the gateway. Default true (the mesh's default). */
  requireApiKey: z.boolean().optional(),
  /**
   * Also require a JWT from this issuer at the gateway, sent in its own header (`tokenHeader`,
   * default `x-jwt-assertion`, never `authorization`): the route's API key stays in `Authorization`
   * for the engine (docs/routing.md).
   */
  jwt: jwtSchema.optional(),
  /**
   * `mesh` (default): an Istio VirtualService over the route's Service, least-request per gateway
   * replica. `inference-pool`: a Gateway API HTTPRoute whose backends are one InferencePool per
   * deployment, each with an endpoint picker that scores pods on prefix-cache hits, KV-cache use and
   * queue depth (docs/routing.md). The gateway is `inferenceGateway.implementation`.
   */
  routing: z.enum(ROUTING_MODES).optional(),
  /**
   * `inference-pool` routes only. `approximate` (default): the picker guesses prefix-cache hits from
   * where it sent earlier requests. `precise`: llm-d's scheduler scores pods on the KV blocks they
   * hold, from vLLM's KV-cache events; the route's vLLM deployments get the matching flags
   * (docs/routing.md).
   */
  prefixCacheRouting: z.enum(PREFIX_CACHE_ROUTING_MODES).optional(),
});

/** The fleet's region when the stack file names none. */
export const DEFAULT_REGION = "cn-hangzhou";

export const fleetConfigSchema = z.strictObject({
  /** Environment preset: drives defaults and policy enforcement. */
  environment: z.enum(["dev", "staging", "prod"]),
  /** Alibaba Cloud region. Default `cn-hangzhou`. */
  region: z.string().default(DEFAULT_REGION),
  /** Namespace of the inference workloads. Default `llm-serving`. */
  namespace: name.default("llm-serving"),
  cluster: z.discriminatedUnion("mode", [newCluster, existingCluster]),
  nodePools: z.array(nodePool).min(1),
  storage,
  deployments: z.array(deployment).min(1),
  routes: z.array(route).default([]),
  mesh: z.strictObject({ mode: z.enum(["istio", "asm", "none"]).default("istio") }).default({ mode: "istio" }),
  /**
   * The Gateway API implementation that serves `routing: inference-pool` routes: `istio` (istiod of
   * `mesh.mode: istio` with the inference extension enabled) or `ack` (ACK's Gateway with Inference
   * Extension component, with `mesh.mode: none`). Default `istio`. Read only when a route uses it.
   */
  inferenceGateway: z.strictObject({ implementation: z.enum(INFERENCE_GATEWAY_IMPLEMENTATIONS).default("istio") }).optional(),
  monitoring: z
    .strictObject({
      mode: z.enum(["kube-prometheus-stack", "arms", "none"]).default("kube-prometheus-stack"),
      /** TTFT p95 objective in seconds for the alert (rounded up to the engine's next histogram bucket). Default 2. */
      ttftSloSeconds: z.number().positive().default(2),
      /** Inter-token latency p95 objective in seconds. Default 0.2. */
      interTokenLatencySloSeconds: z.number().positive().default(0.2),
      /** Alertmanager receivers routed by severity; none sends every alert to no one. */
      alerting: stackAlertingSchema.default({ receivers: [] }),
    })
    .default({ mode: "kube-prometheus-stack", ttftSloSeconds: 2, interTokenLatencySloSeconds: 0.2, alerting: { receivers: [] } }),
  /**
   * The untainted general-purpose pool llmfleet creates for system workloads (`cluster.mode: new`).
   * Default `ecs.g7.2xlarge`, sized from what it hosts with one spare node, at least 2.
   */
  systemPool: z.strictObject({ instanceType: z.string().min(1).optional(), nodes: z.number().int().min(2).optional() }).default({}),
  /**
   * Pull every image and chart from a mirror (ACR) instead of docker.io, quay.io, registry.k8s.io,
   * nvcr.io and the Istio chart bucket; `llmfleet preview` lists what to copy there.
   */
  registry: registryMirrorSchema
    .extend({
      /**
       * Where the Pulumi program reads the mpi-operator release manifest (a URL or a local path): a
       * copy whose image points at the mirror (docs/mirror.md). Default: the v0.6.0 release on GitHub.
       */
      mpiOperatorManifest: z.string().min(1).optional(),
    })
    .optional(),
  /**
   * Secrets and ConfigMaps the stack's objects name but something else creates (a TLS certificate,
   * say), each with the command that creates it; the preview accepts these references.
   */
  externalObjects: z
    .array(z.strictObject({ kind: z.enum(["Secret", "ConfigMap"]), namespace: name, name: z.string().min(1), createdBy: z.string().min(1) }))
    .default([]),
  /** `protect` and `retainOnDelete` on the cluster, GPU pools and buckets. Default: on in prod. */
  protection: z.strictObject({ enabled: z.boolean().optional() }).default({}),
  /** Per-rule enforcement overrides for this environment. */
  policy: z.strictObject({ enforcement: z.record(z.string(), enforcement).default({}) }).default({ enforcement: {} }),
});

export type FleetConfigInput = z.input<typeof fleetConfigSchema>;
/** The fleet as the schema outputs it, before old spellings are resolved (see `parseFleet`). */
export type FleetConfigFields = z.output<typeof fleetConfigSchema>;

/** A stack deployment: a resolved deployment and the pool it runs on. */
export interface DeploymentConfig extends Deployment {
  readonly pool: string;
}

/** A validated fleet: defaults applied, every deployment resolved. */
export interface FleetConfig extends Omit<FleetConfigFields, "deployments"> {
  readonly deployments: readonly DeploymentConfig[];
}
export type NodePoolConfig = FleetConfig["nodePools"][number];
export type RouteConfig = FleetConfig["routes"][number];

/** How the route reaches its deployments: `mesh` unless the stack file says otherwise. */
export function routingOf(route: RouteConfig): (typeof ROUTING_MODES)[number] {
  return route.routing ?? "mesh";
}

/** How an inference-pool route's picker scores prefix-cache hits (mesh routes have no picker). */
export function prefixCacheRoutingOf(route: RouteConfig): PrefixCacheRouting {
  return route.prefixCacheRouting ?? "approximate";
}

/** The implementation serving the stack's inference-pool routes. */
export function inferenceGatewayOf(config: FleetConfig): InferenceGatewayImplementation {
  return config.inferenceGateway?.implementation ?? "istio";
}

/** The TLS Secret a route's gateway serves, or undefined for plain HTTP. */
export function routeTlsSecretName(route: RouteConfig): string | undefined {
  return route.tlsCredentialName ?? (route.tls === undefined ? undefined : `${route.name}-tls`);
}
