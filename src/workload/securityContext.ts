/**
 * Container hardening: no privilege escalation, every capability dropped, the runtime's default
 * seccomp profile, non-root whenever the image supports it.
 *
 * Documented root exceptions: the engine images that run as root by default keep it unless
 * `image.runAsUser` names the user of an image built with one; each engine's definition states why
 * (`container.rootReason`), and that reason is the waiver annotation the `non-root` policy reads.
 * Root here stays unprivileged: no escalation, no capabilities beyond those an engine lists.
 */
import { NON_ROOT_WAIVER_ANNOTATION } from "../policy/rules/privilege.js";

/** The waiver annotation for pods that keep the image's root user; none when a user is set. */
export function rootWaiverAnnotations(rootReason: string, runAsUser: number | undefined): Record<string, string> {
  return runAsUser === undefined ? { [NON_ROOT_WAIVER_ANNOTATION]: rootReason } : {};
}

/** eRDMA verbs pin memory, which needs IPC_LOCK (ack-erdma-controller). */
export const RDMA_CAPABILITY = "IPC_LOCK";

export interface ContainerHardening {
  /** UID of a non-root image user; undefined keeps the image's root user (see the exceptions above). */
  readonly runAsUser: number | undefined;
  readonly readOnlyRootFilesystem: boolean;
  readonly addCapabilities: readonly string[];
}

export function containerSecurityContext(hardening: ContainerHardening): Record<string, unknown> {
  const nonRoot = hardening.runAsUser !== undefined ? { runAsNonRoot: true, runAsUser: hardening.runAsUser, runAsGroup: hardening.runAsUser } : {};
  return {
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: hardening.readOnlyRootFilesystem,
    capabilities: {
      drop: ["ALL"],
      ...(hardening.addCapabilities.length > 0 ? { add: [...hardening.addCapabilities] } : {}),
    },
    seccompProfile: { type: "RuntimeDefault" },
    ...nonRoot,
  };
}

export function podSecurityContext(runAsUser: number | undefined): Record<string, unknown> {
  return {
    seccompProfile: { type: "RuntimeDefault" },
    ...(runAsUser !== undefined ? { runAsNonRoot: true, runAsUser, runAsGroup: runAsUser, fsGroup: runAsUser } : {}),
  };
}
