/**
 * A team's own Pulumi program built from llmfleet's components rather than the LlmFleet composition:
 * an existing ACK cluster, one L20 pool, weights on an existing NAS, Qwen3-32B with tensor
 * parallelism, and monitoring. Configure with:
 *   pulumi config set clusterId c1234567890
 *   pulumi config set --path 'vswitchIds[0]' vsw-aaa; pulumi config set --path 'vswitchIds[1]' vsw-bbb
 *   pulumi config set nasMountTarget 0a1b2c3d-xyz.cn-hangzhou.nas.aliyuncs.com
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { AckCluster, GpuNodePool, InferenceDeployment, ModelStorage, Monitoring } from "llmfleet";

const config = new pulumi.Config();
const namespace = "team-a-serving";

const cluster = new AckCluster("team-a", {
  production: false,
  existingCluster: { clusterId: config.require("clusterId"), nodeVswitchIds: config.requireObject<string[]>("vswitchIds") },
});
const serving = new k8s.core.v1.Namespace("serving", { metadata: { name: namespace, labels: { "istio-injection": "enabled" } } }, { provider: cluster.kubernetesProvider });

const pool = new GpuNodePool("l20", {
  clusterId: cluster.clusterId,
  vswitchIds: cluster.nodeVswitchIds,
  instanceType: "ecs.gn8is-2x.8xlarge",
  production: false,
  size: { mode: "deployments", deployments: [{ replicas: 2, nodesPerReplica: 1 }] },
});

const storage = new ModelStorage("weights", {
  namespace,
  nas: { mountTargetDomain: config.require("nasMountTarget") },
  kubernetesProvider: cluster.kubernetesProvider,
}, { dependsOn: [serving] });

const qwen = new InferenceDeployment("qwen3-32b", {
  model: "qwen3-32b",
  namespace,
  placement: pool.placement,
  volume: storage.volume,
  modelPath: "Qwen3-32B",
  tensorParallel: 2,
  replicas: 2,
  maxModelLen: 16384,
  kubernetesProvider: cluster.kubernetesProvider,
}, { dependsOn: [serving, storage] });

new Monitoring("monitoring", { servingNamespaces: [namespace], kubernetesProvider: cluster.kubernetesProvider });

export const plan = qwen.plan;
export const service = qwen.serviceName;
