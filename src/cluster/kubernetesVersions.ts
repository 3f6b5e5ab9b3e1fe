/**
 * The Kubernetes minors ACK creates managed clusters on, as a dated list. ACK creates clusters only
 * on its three newest minors and refuses `CreateCluster` for anything older, so a pinned version is
 * checked here instead of failing half-way through a `pulumi up`.
 *
 * Source: Alibaba Cloud help "Support for Kubernetes versions"
 * (help.aliyun.com/en/ack/ack-managed-and-ack-dedicated/user-guide/support-for-kubernetes-versions):
 * "ACK supports the creation of clusters that run one of the three most recent Kubernetes minor
 * versions … if the latest three minor versions are 1.35, 1.34, and 1.33, cluster creation is no
 * longer available for version 1.32". End-of-support dates from the same page's release table.
 * Leaving the version unset lets ACK pick its newest at creation (provider docs for
 * `cs.ManagedKubernetes.version`), which is llmfleet's default.
 */
import { LlmfleetError } from "../errors/index.js";

export interface KubernetesMinor {
  readonly minor: string;
  /** ACK's end-of-support date (ISO). */
  readonly endOfSupport: string;
}

/**
 * The release the list below reflects: the help page as read lists 1.35 (February 2026) as the
 * newest and 1.36 as planned for May 2026. When ACK ships a minor, add it and drop the oldest.
 */
export const KUBERNETES_VERSIONS_CHECKED_ON = "the ACK release table of February 2026";

/** Minors ACK creates clusters on, newest first. */
export const ACK_CREATABLE_MINORS: readonly KubernetesMinor[] = [
  { minor: "1.35", endOfSupport: "2027-02-28" },
  { minor: "1.34", endOfSupport: "2026-09-30" },
  { minor: "1.33", endOfSupport: "2026-05-31" },
];

const VERSION_PATTERN = /^(\d+\.\d+)\.\d+-aliyun\.\d+$/;

/**
 * Accepts an ACK version (`1.34.1-aliyun.1`) whose minor ACK still creates clusters on.
 * @throws LlmfleetError naming `field`
 */
export function checkKubernetesVersion(version: string, field: string): void {
  const minors = ACK_CREATABLE_MINORS.map((m) => m.minor);
  const match = VERSION_PATTERN.exec(version);
  if (match === null) {
    throw new LlmfleetError(field, version, "is not an ACK version of the form x.y.z-aliyun.n", `remove it to let ACK pick its newest, or write e.g. ${minors[0]}.1-aliyun.1`);
  }
  if (!minors.includes(match[1] ?? "")) {
    throw new LlmfleetError(
      field,
      version,
      `ACK creates new clusters only on its three newest minors (${minors.join(", ")} as of ${KUBERNETES_VERSIONS_CHECKED_ON}); CreateCluster refuses ${match[1]}`,
      "remove kubernetesVersion to let ACK pick its newest, or pin a supported minor",
    );
  }
}
