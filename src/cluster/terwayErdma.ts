/**
 * Terway beside ACK's eRDMA controller. ACK's help ("Use eRDMA to accelerate container networks in
 * ACK clusters", step 1) requires a Terway whitelist so that Terway does not take over the
 * eRDMA-capable ENIs the controller attaches; "Configure a whitelist for ENIs" does it with
 * `"eni_tag_filter": {"creator": "terway"}` in Terway's `eni_conf`: Terway then manages only ENIs it
 * created, which it always tags `creator: terway` (AliyunContainerService/terway v1.17.5
 * daemon/config.go, types/aliyun.go), while the controller tags its own
 * `creator: alibabacloud-erdma-controller` (alibabacloud-erdma-controller v0.2.11 internal/controller/eri.go).
 *
 * llmfleet does not rewrite ACK's `kube-system/eni-config` (ACK writes its vSwitches and security
 * group there). It uses Terway's node-level configuration instead: a node labelled
 * `terway-config: <name>` reads `eni_conf` from ConfigMap `kube-system/<name>` merged over
 * `eni-config` (terway v1.17.5 types/daemon/dynamicconfig.go `ConfigFromConfigMap`). Only eRDMA
 * pools carry the label, and the ConfigMap exists before their first node joins: a filter added
 * later does not make Terway let go of ENIs it already took.
 */
import type { KubernetesObject } from "../k8s/index.js";

/** The node label Terway reads its node-level configuration name from. */
export const TERWAY_CONFIG_LABEL = "terway-config";
/** The ConfigMap of eRDMA nodes' Terway configuration, in kube-system. */
export const TERWAY_ERDMA_CONFIG = "llmfleet-erdma-terway";

/** Only ENIs Terway created itself: the eRDMA ENIs stay the controller's. */
export const TERWAY_ERDMA_ENI_FILTER: Readonly<Record<string, string>> = { creator: "terway" };

export function terwayErdmaConfigMap(): KubernetesObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: {
      name: TERWAY_ERDMA_CONFIG,
      namespace: "kube-system",
      labels: { "app.kubernetes.io/part-of": "llmfleet", "app.kubernetes.io/managed-by": "pulumi" },
    },
    data: { eni_conf: JSON.stringify({ eni_tag_filter: TERWAY_ERDMA_ENI_FILTER }) },
  };
}
