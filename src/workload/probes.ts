import type { EngineContainer } from "../engines/types.js";
import { STARTUP_PERIOD_SECONDS, startupFailureThreshold } from "./loadTime.js";

/** The container's named serving port. */
export const HTTP_PORT_NAME = "http";

export interface ProbeSet {
  readonly startupProbe?: Readonly<Record<string, unknown>>;
  readonly readinessProbe?: Readonly<Record<string, unknown>>;
  readonly livenessProbe?: Readonly<Record<string, unknown>>;
}

function handler(container: EngineContainer): Record<string, unknown> {
  return container.health.kind === "http"
    ? { httpGet: { path: container.health.path, port: HTTP_PORT_NAME } }
    : { tcpSocket: { port: HTTP_PORT_NAME } };
}

/**
 * Probes of a serving container. The startup probe holds the other two off until the model has
 * loaded; readiness reacts within seconds so traffic leaves a stuck engine, while liveness waits a
 * minute of failures before it restarts one (a restart reloads the whole model).
 */
export function servingProbes(container: EngineContainer, loadSeconds: number): ProbeSet {
  return {
    startupProbe: { ...handler(container), periodSeconds: STARTUP_PERIOD_SECONDS, timeoutSeconds: 5, failureThreshold: startupFailureThreshold(loadSeconds) },
    readinessProbe: { ...handler(container), periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3, successThreshold: 1 },
    livenessProbe: { ...handler(container), periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
  };
}

/** MPI workers are ready once sshd accepts connections; the launcher waits for that (WaitForWorkersReady). */
export function sshReadiness(port: number): ProbeSet {
  return { readinessProbe: { tcpSocket: { port }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 3 } };
}
