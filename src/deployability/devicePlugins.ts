/**
 * Device plugins before the pods that ask for their resources: a pod requesting an extended resource
 * that no node advertises stays Pending ("Insufficient aliyun/erdma"). `aliyun/erdma` is registered
 * by ACK's eRDMA controller (ACK help "Use eRDMA to accelerate container networks in ACK clusters":
 * "registers eRDMA devices with the kubelet as the aliyun/erdma extended resource"), so every
 * workload asking for it waits for that component, and a stack without it is told to install it.
 */
import { ERDMA_ADDON } from "../operators/erdma.js";
import { containersOf, podTemplatesOf, rdmaResources } from "../policy/podTemplates.js";
import { finding, type DeployabilityFinding, type DeployedResource } from "./types.js";
import { waitGraph } from "./waitGraph.js";

interface DevicePlugin {
  readonly name: string;
  readonly installs: (resource: DeployedResource) => boolean;
}

const DEVICE_PLUGINS: Readonly<Record<string, DevicePlugin>> = {
  "aliyun/erdma": {
    name: `ACK's ${ERDMA_ADDON} component`,
    installs: (r) => r.type === "alicloud:cs/kubernetesAddon:KubernetesAddon" && r.inputs["name"] === ERDMA_ADDON,
  },
};

export function devicePluginFindings(resources: readonly DeployedResource[]): DeployabilityFinding[] {
  const graph = waitGraph(resources);
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return resources.flatMap((resource) => {
    const requested = new Set(podTemplatesOf({ type: resource.type, name: resource.name, props: resource.inputs }).flatMap((t) => containersOf(t).flatMap(rdmaResources)));
    return [...requested].flatMap((extended) => {
      const plugin = DEVICE_PLUGINS[extended];
      if (plugin === undefined) return [];
      const waited = [...(graph.get(resource.urn) ?? [])].flatMap((urn) => byUrn.get(urn) ?? []);
      if (waited.some(plugin.installs)) return [];
      const present = resources.some(plugin.installs);
      return [
        finding(
          "apply-order",
          resource.name,
          `its pods request ${extended}`,
          present
            ? `it does not wait for ${plugin.name}, which registers that resource on the nodes, so its pods can be created first and wait Pending with "Insufficient ${extended}"`
            : `nothing in the stack installs ${plugin.name}, which registers that resource, so its pods stay Pending with "Insufficient ${extended}"`,
          present ? `make it (or its component) depend on ${plugin.name}` : `install ${plugin.name} in the stack (AckCluster extraAddons), before it`,
        ),
      ];
    });
  });
}
