/**
 * Container hardening: no privilege escalation, every capability dropped, the runtime's default
 * seccomp profile, non-root whenever the image supports it.
 *
 * Documented root exceptions (security.md, "GPU exceptions"):
 * - `vllm/vllm-openai` runs as root; running it as another user is opt-in. Give `image.runAsUser`
 *   for an image built with a user and the pods run non-root.
 * - The PAI BladeLLM image runs as root, with the same opt-in.
 * - Horovod workers run `sshd`, which OpenMPI's launcher uses to start ranks; sshd starts as root and
 *   needs SETUID, SETGID and SYS_CHROOT for privilege separation. Only those are added back.
 * Root here stays unprivileged: no escalation, no capabilities beyond those listed.
 */
import type { Engine } from "../planner/types.js";
import { NON_ROOT_WAIVER_ANNOTATION } from "../policy/rules/privilege.js";

/** Why each engine's default image keeps root: the documented waiver the `non-root` policy reads. */
const ROOT_REASONS: Readonly<Record<Engine, string>> = {
  vllm: "vllm/vllm-openai runs as root by default; set image.runAsUser for an image built with a user",
  bladellm: "the PAI BladeLLM image runs as root; set image.runAsUser for an image built with a user",
  horovod: "OpenMPI starts ranks through sshd, which starts as root for privilege separation",
};

/** The waiver annotation for pods that keep the image's root user; none when a user is set. */
export function rootWaiverAnnotations(engine: Engine, runAsUser: number | undefined): Record<string, string> {
  return runAsUser === undefined ? { [NON_ROOT_WAIVER_ANNOTATION]: ROOT_REASONS[engine] } : {};
}

/** eRDMA verbs pin memory, which needs IPC_LOCK (ack-erdma-controller). */
export const RDMA_CAPABILITY = "IPC_LOCK";
export const SSHD_CAPABILITIES = ["SETUID", "SETGID", "SYS_CHROOT"] as const;

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
