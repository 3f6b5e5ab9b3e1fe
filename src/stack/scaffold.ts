/**
 * The text of a new stack file, as `llmfleet init` writes it: one deployment of one model on one GPU
 * pool, in a new or an existing ACK cluster, with a comment on every key saying what it does and what
 * to change. Pure: the caller validates the options and writes the file.
 */
import { SECRET_PLACEHOLDER } from "./secretPlaceholder.js";
import { stringify } from "yaml";
import { FLEET_CONFIG_KEY } from "./parse.js";

export type ClusterChoice =
  | { readonly mode: "new"; readonly zones: readonly string[] }
  | {
      readonly mode: "existing";
      readonly clusterId: string;
      readonly nodeVswitchIds: readonly string[];
      /** The ids above are stand-ins the user must replace before `pulumi up`. */
      readonly placeholders: boolean;
    };

export interface StackScaffold {
  readonly stack: string;
  readonly environment: "dev" | "staging" | "prod";
  readonly region: string;
  readonly cluster: ClusterChoice;
  /** Catalogue name of the model, e.g. `qwen2.5-7b-instruct`. */
  readonly model: string;
  /** Its Hugging Face repository, e.g. `Qwen/Qwen2.5-7B-Instruct`. */
  readonly modelRepo: string;
  /** `--gpu` as given: a GPU model or an instance type. */
  readonly gpu: string;
  readonly deploymentName: string;
  readonly poolName: string;
  readonly bucket: string;
  readonly host: string;
  readonly maxModelLen: number | undefined;
  /** One line on the plan the planner made, e.g. `1 × ecs.gn7i-c8g1.2xlarge, TP 1 × PP 1, 74,592 KV-cache tokens`. */
  readonly planSummary: string;
  readonly planWarnings: readonly string[];
}

/** A YAML scalar or flow sequence for one value, quoted only when YAML needs it. */
function yaml(value: unknown): string {
  return stringify(value, { collectionStyle: "flow" }).trim();
}

function clusterLines(cluster: ClusterChoice): string[] {
  if (cluster.mode === "new") {
    return [
      "    cluster:",
      "      # A new ACK Pro cluster with its own VPC, vSwitches and NAT gateway.",
      "      mode: new",
      "      # At least two zones of the region: the control plane and the GPU pools spread over them.",
      "      # Check that the GPU instance type is sold in them (ECS console, instance types by zone).",
      `      zones: ${yaml(cluster.zones)}`,
    ];
  }
  const replace = cluster.placeholders ? " REPLACE the placeholder before pulumi up." : "";
  return [
    "    cluster:",
    "      # An ACK cluster that already exists: llmfleet creates nothing but what runs in it and its GPU pools.",
    "      mode: existing",
    `      # The cluster id (ACK console > the cluster > Basic Information).${replace}`,
    `      clusterId: ${yaml(cluster.clusterId)}`,
    `      # vSwitches in at least two zones where the GPU nodes may go.${replace}`,
    `      nodeVswitchIds: ${yaml(cluster.nodeVswitchIds)}`,
    "      # Optional: a kubeconfig kept as a secret config value instead of a temporary one from ACK:",
    "      #   pulumi config set --secret kubeconfig \"$(cat kubeconfig.yaml)\"",
    "      # (the offline preview uses a placeholder for it).",
    "      # kubeconfigConfigKey: kubeconfig",
    `      # The cluster's untainted pool for system pods (mesh, monitoring, operators): GPU pools are tainted.${replace}`,
    "      systemPool: { name: default-nodepool, instanceType: ecs.g7.2xlarge, nodes: 2 }",
  ];
}

/** The commented stack file for `options`; it parses with the fleet schema and previews clean. */
export function scaffoldStackFile(options: StackScaffold): string {
  const prod = options.environment === "prod";
  // The gateway-hosts policy is mandatory outside dev: those environments serve HTTPS only.
  const tls = options.environment !== "dev";
  const lines = [
    `# llmfleet stack ${options.stack} (${options.environment}): ${options.model} on ${options.gpu}, ${options.cluster.mode === "new" ? "in a new ACK cluster" : "in an existing ACK cluster"}.`,
    "# Written by `llmfleet init`. Preview it offline (no cloud account needed):",
    `#   npx llmfleet preview --stack ${options.stack}`,
    "# Every key is described in llmfleet's README (Configuration reference); `npx llmfleet schema` prints",
    "# the JSON Schema of this file for completion in editors (README, llmfleet schema).",
    "config:",
    `  # Region of Pulumi's default Alibaba Cloud provider: keep it equal to ${FLEET_CONFIG_KEY}.region.`,
    `  alicloud:region: ${yaml(options.region)}`,
    "  # Where alerts go: replace with `pulumi config set --secret alertsWebhookUrl <your webhook URL>`",
    "  # (the offline preview reads this placeholder).",
    `  llmfleet:alertsWebhookUrl: ${SECRET_PLACEHOLDER}`,
    `  ${FLEET_CONFIG_KEY}:`,
    "    # dev, staging or prod: the policy enforcement preset. staging and prod need TLS at the gateway;",
    "    # prod also refuses spot nodes and turns on deletion protection.",
    `    environment: ${options.environment}`,
    "    # Where every cloud resource is created.",
    `    region: ${yaml(options.region)}`,
    ...clusterLines(options.cluster),
    "    nodePools:",
    "      # GPU nodes, tainted for GPU workloads; the planner picks the instance type the deployment needs",
    "      # and sizes the pool from its replicas (add autoscaling: {minNodes, maxNodes} to scale instead).",
    `      - name: ${yaml(options.poolName)}`,
    `        gpu: ${yaml(options.gpu)}`,
    prod ? "        # prod refuses spot instances, which can be reclaimed at any time." : "        # Spot instances cost less and can be reclaimed at any time; prod refuses them.",
    `        spot: ${prod ? "false" : "true"}`,
    "    storage:",
    "      # The model weights, mounted read-only through RRSA (no AccessKey anywhere). OSS bucket names are",
    `      # global: choose your own. Upload the weights to oss://${options.bucket}/${options.modelRepo.split("/").pop() ?? options.modelRepo}/.`,
    "      kind: oss",
    `      bucket: ${yaml(options.bucket)}`,
    "      # true: the stack creates the bucket (kept in the cloud if it ever leaves the stack); false: it exists already.",
    "      create: true",
    "    deployments:",
    `      - name: ${yaml(options.deploymentName)}`,
    `        # ${options.modelRepo} from the catalogue (npx llmfleet plan --list-models).`,
    `        model: ${yaml(options.model)}`,
    `        pool: ${yaml(options.poolName)}`,
    `        # Planned: ${options.planSummary}.`,
    ...options.planWarnings.map((warning) => `        # ! ${warning}`),
    ...(options.maxModelLen === undefined
      ? ["        # maxModelLen: 8192   # longest prompt + output; the model's full context when omitted"]
      : ["        # Longest prompt + output in tokens.", `        maxModelLen: ${options.maxModelLen}`]),
    "        replicas: 1",
    "    routes:",
    "      # The OpenAI-compatible endpoint at the Istio ingress gateway, behind an API key.",
    `      - name: ${yaml(options.deploymentName)}`,
    "        # Host names the gateway answers: point their DNS at the gateway's address after pulumi up.",
    `        hosts: ${yaml([options.host])}`,
    `        deployments: ${yaml([{ name: options.deploymentName, weight: 100 }])}`,
    ...(tls
      ? [
          `        # A TLS Secret (certificate and key) you create in istio-system; ${options.environment} serves HTTPS only.`,
          `        tlsCredentialName: ${yaml(`${options.deploymentName}-tls`)}`,
        ]
      : []),
    "    # mesh: {mode: istio}                    # or asm (Alibaba Service Mesh) or none",
    "    monitoring:",
    "      mode: kube-prometheus-stack",
    "      # Every alert to one webhook; add pagerduty, slack, email, dingtalk or wecom receivers by severity.",
    "      alerting:",
    "        receivers:",
    "          - { name: team, kind: webhook, severities: [critical, warning], secretConfigKey: alertsWebhookUrl }",
    ...(tls
      ? [
          "    # Objects the stack names but you create: the gateway's TLS certificate, never in Pulumi state.",
          "    externalObjects:",
          `      - kind: Secret`,
          `        namespace: istio-system`,
          `        name: ${yaml(`${options.deploymentName}-tls`)}`,
          // A JSON string is YAML too, and stays on one line however long it is.
          `        createdBy: ${JSON.stringify(`kubectl create secret tls ${options.deploymentName}-tls -n istio-system --cert=fullchain.pem --key=privkey.pem`)}`,
        ]
      : []),
    "",
  ];
  return lines.join("\n");
}
