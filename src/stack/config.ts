import { z } from "zod";
import { ENGINES } from "../planner/types.js";
import { KV_CACHE_DTYPES, WEIGHT_DTYPES } from "../model/types.js";

/**
 * One environment's fleet, as written in `stacks/Pulumi.<env>.yaml` under the key `llmfleet:fleet`.
 * Validated once on entry (`parseFleetConfig`); every error names the key path.
 */

const name = z
  .string()
  .regex(/^[a-z]([-a-z0-9]{0,30}[a-z0-9])?$/, "must be a lower-case DNS label of at most 32 characters (letters, digits, '-')");

const enforcement = z.enum(["advisory", "mandatory", "disabled"]);

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
  driverVersion: z.string().optional(),
  /** Data disk for a local model cache, in GiB. */
  dataDiskGiB: z.number().int().min(20).optional(),
});

const storage = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("oss"),
    /** Bucket holding the model weights. */
    bucket: z.string().min(3),
    /** Create the bucket (true) or use an existing one. Default true. */
    create: z.boolean().default(true),
  }),
  z.strictObject({
    kind: z.literal("nas"),
    /** NAS storage type. Default `Performance`. */
    storageType: z.enum(["Performance", "Capacity", "Premium"]).default("Performance"),
  }),
]);

const deployment = z.strictObject({
  name,
  /** Catalogue model name (`llmfleet plan --list-models`). */
  model: z.string().min(1),
  engine: z.enum(ENGINES).default("vllm"),
  /** Name of the node pool it runs on. */
  pool: name,
  /** Value of the `llmfleet.io/version` label (canaries route by it). Default `v1`. */
  version: z.string().regex(/^[a-z0-9]([-a-z0-9.]{0,30}[a-z0-9])?$/).default("v1"),
  /** Folder of the weights inside the model storage. Default: the model's Hugging Face repo name. */
  modelPath: z.string().optional(),
  replicas: z.number().int().min(1).default(1),
  autoscaling: z.strictObject({ minReplicas: z.number().int().min(1), maxReplicas: z.number().int().min(1) }).optional(),
  /** Explicit degrees; planned when omitted. */
  parallelism: z.strictObject({ tensor: z.number().int().min(1).optional(), pipeline: z.number().int().min(1).optional() }).default({}),
  maxModelLen: z.number().int().min(1).optional(),
  dtype: z.enum(["auto", ...WEIGHT_DTYPES]).default("auto"),
  kvCacheDtype: z.enum(KV_CACHE_DTYPES).default("auto"),
  gpuMemoryUtilization: z.number().gt(0).lte(1).optional(),
  prefixCaching: z.boolean().default(true),
  /** Container image `repository:tag` or `repository@sha256:…`; the engine's pinned default when omitted. */
  image: z.string().optional(),
  /** Horovod only: the program each MPI rank runs, e.g. `["python", "/models/jobs/batch_infer.py"]`. */
  batchCommand: z.array(z.string().min(1)).min(1).optional(),
});

const route = z.strictObject({
  name,
  /** Host names the gateway accepts (never `*`). */
  hosts: z.array(z.string()).min(1),
  /** Deployments of the same model and their traffic weights (a canary is two versions). */
  deployments: z.array(z.strictObject({ name, weight: z.number().int().min(0).max(100) })).min(1),
  /** Deployment that takes traffic only when none of the above has a healthy endpoint. */
  backup: name.optional(),
  /** Longest generation in seconds; the route timeout is never shorter. Default 600. */
  maxGenerationSeconds: z.number().int().min(1).optional(),
  /** TLS Secret in istio-system for HTTPS at the gateway. */
  tlsCredentialName: z.string().optional(),
  /** Require an API key at the gateway. Default true. */
  requireApiKey: z.boolean().default(true),
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
  monitoring: z
    .strictObject({
      mode: z.enum(["kube-prometheus-stack", "arms", "none"]).default("kube-prometheus-stack"),
      /** TTFT p95 objective in seconds for the alert. Default 2. */
      ttftSloSeconds: z.number().positive().default(2),
    })
    .default({ mode: "kube-prometheus-stack", ttftSloSeconds: 2 }),
  /** Per-rule enforcement overrides for this environment. */
  policy: z.strictObject({ enforcement: z.record(z.string(), enforcement).default({}) }).default({ enforcement: {} }),
});

export type FleetConfigInput = z.input<typeof fleetConfigSchema>;
export type FleetConfig = z.output<typeof fleetConfigSchema>;
export type DeploymentConfig = FleetConfig["deployments"][number];
export type NodePoolConfig = FleetConfig["nodePools"][number];
export type RouteConfig = FleetConfig["routes"][number];
