import type { EngineProfile } from "./engines/profile.js";
import { STARTUP_PERIOD_SECONDS, startupFailureThreshold } from "./loadTime.js";

/** The container's named serving port. */
export const HTTP_PORT_NAME = "http";
export const SSH_PORT = 22;

export interface ProbeSet {
  readonly startupProbe?: Readonly<Record<string, unknown>>;
  readonly readinessProbe?: Readonly<Record<string, unknown>>;
  readonly livenessProbe?: Readonly<Record<string, unknown>>;
}

function handler(profile: EngineProfile): Record<string, unknown> {
  return profile.health.kind === "http"
    ? { httpGet: { path: profile.health.path, port: HTTP_PORT_NAME } }
    : { tcpSocket: { port: HTTP_PORT_NAME } };
}

/**
 * Probes of a serving container. The startup probe holds the other two off until the model has
 * loaded; readiness reacts within seconds so traffic leaves a stuck engine, while liveness waits a
 * minute of failures before it restarts one (a restart reloads the whole model).
 */
export function servingProbes(profile: EngineProfile, loadSeconds: number): ProbeSet {
  return {
    startupProbe: { ...handler(profile), periodSeconds: STARTUP_PERIOD_SECONDS, timeoutSeconds: 5, failureThreshold: startupFailureThreshold(loadSeconds) },
    readinessProbe: { ...handler(profile), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1 },
    livenessProbe: { ...handler(profile), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
  };
}

/** MPI workers are ready once sshd accepts connections; the launcher waits for that (WaitForWorkersReady). */
export function sshReadiness(): ProbeSet {
  return { readinessProbe: { tcpSocket: { port: SSH_PORT }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 } };
}
