/** How many nodes a GPU pool needs for the deployments that target it. */

export interface DeploymentFootprint {
  /** Serving replicas of the deployment. */
  readonly replicas: number;
  /** Nodes one replica spans (1 unless the model is served across nodes). */
  readonly nodesPerReplica: number;
}

/**
 * Σ replicas × nodesPerReplica, plus `surgeNodes` of headroom so that a rolling update can start
 * a new replica before an old one stops.
 */
export function poolSize(deployments: readonly DeploymentFootprint[], surgeNodes = 0): number {
  return deployments.reduce((nodes, deployment) => nodes + deployment.replicas * deployment.nodesPerReplica, 0) + surgeNodes;
}
